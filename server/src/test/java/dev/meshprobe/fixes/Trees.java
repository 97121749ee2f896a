package dev.meshprobe.fixes;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed YAML as plain values (maps, lists, strings), to compare what a fix changed in the data. */
final class Trees {
  private Trees() {}

  /** One value per document, in order (null for an empty one), so indices match {@link YamlDocument#index()}. */
  static List<Object> documents(YamlFile yaml) {
    List<Object> out = new ArrayList<>();
    for (YamlDocument d : yaml.documents()) {
      out.add(value(d.root(), 0));
    }
    return out;
  }

  static Object value(YNode n, int depth) {
    if (n == null || depth > 200) {
      return null;
    }
    if (n instanceof YMapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (YEntry e : m.entries()) {
        String k = e.keyText();
        if (k != null && !(e.key() instanceof YScalar s && s.isPlain() && "<<".equals(k))) {
          out.put(k, value(e.value(), depth + 1));
        }
      }
      return out;
    }
    if (n instanceof YSequence s) {
      List<Object> out = new ArrayList<>();
      for (YNode item : s.items()) {
        out.add(value(item, depth + 1));
      }
      return out;
    }
    YScalar s = (YScalar) n;
    return s.isNull() ? null : s.value();
  }

  /** A deep copy with the node at each path removed; mappings left empty by a removal go too. */
  static Object masked(Object tree, List<List<Object>> paths) {
    Object copy = copy(tree);
    for (List<Object> path : paths) {
      remove(copy, path, 0);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static boolean remove(Object node, List<Object> path, int i) {
    Object key = path.get(i);
    Object child;
    if (node instanceof Map<?, ?> m && key instanceof String k) {
      if (!m.containsKey(k)) {
        return false;
      }
      if (i == path.size() - 1) {
        ((Map<String, Object>) m).remove(k);
        return true;
      }
      child = m.get(k);
      if (remove(child, path, i + 1) && child instanceof Map<?, ?> cm && cm.isEmpty()) {
        ((Map<String, Object>) m).remove(k);
      }
      return true;
    }
    if (node instanceof List<?> l && key instanceof Integer idx && idx < l.size()) {
      return i < path.size() - 1 && remove(l.get(idx), path, i + 1);
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, copy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object v : l) {
        out.add(copy(v));
      }
      return out;
    }
    return o;
  }
}
