package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replaces a boolean Istio annotation's value that Go's {@code strconv.ParseBool} rejects (so Istio
 * silently used its default) with the {@code "true"} or {@code "false"} it was meant to say. When the
 * value does not say which (neither yes/on/enabled nor no/off/disabled), both are offered and neither
 * is preferred.
 */
final class FixBooleanValueFix extends Fix {
  static final String ID = "fix-boolean-value";

  private final String key;
  private final String value;
  private final boolean meant;

  private FixBooleanValueFix(List<FileEdit> edits, String key, String value, boolean meant) {
    super(edits);
    this.key = key;
    this.value = value;
    this.meant = meant;
  }

  static List<Fix> offers(FixContext c) {
    Workload w = c.workload();
    YMapping annotations = w == null ? null : w.pod().annotationsNode();
    if (annotations == null) {
      return List.of();
    }
    YamlEditor ed = c.editor();
    for (YEntry e : annotations.entries()) {
      if (ed.start(e.key()) != c.finding().where().start() || e.keyText() == null || !YamlEditor.isLocal(annotations, e)) {
        continue;
      }
      String old = e.value() == null || e.value().text() == null ? "" : e.value().text();
      Boolean meant = meaning(old);
      List<Fix> out = new ArrayList<>();
      for (String v : meant != null ? List.of(meant.toString()) : List.of("true", "false")) {
        List<FileEdit> edits = single(c, ed.setValue(e, v));
        if (edits != null) {
          out.add(new FixBooleanValueFix(edits, e.keyText(), v, meant != null));
        }
      }
      return out;
    }
    return List.of();
  }

  /** What a value Go rejects most likely meant, or null when it does not say. */
  static Boolean meaning(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "yes", "y", "on", "enable", "enabled", "ok" -> Boolean.TRUE;
      case "no", "n", "off", "disable", "disabled", "none" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** True when the value said what it meant, so this fix can be the preferred one. */
  boolean certain() {
    return meant;
  }

  @Override
  public String id() {
    return ID + "-" + value;
  }

  @Override
  public String title() {
    return "Set " + key + " to \"" + value + "\"";
  }
}
