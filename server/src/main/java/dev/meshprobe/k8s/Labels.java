package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a labels or annotations mapping as Kubernetes decodes it: string to string, last key wins. */
public final class Labels {
  private Labels() {}

  public static Map<String, String> of(YMapping m) {
    if (m == null || m.entries().isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : m.keys()) {
      YEntry e = m.entry(key);
      String v = e.value() == null ? null : e.value().text();
      out.put(key, v == null ? "" : v);
    }
    return Collections.unmodifiableMap(out);
  }

  /** True when every label of {@code selector} is set to the same value in {@code labels}. */
  public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
