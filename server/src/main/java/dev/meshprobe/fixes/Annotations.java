package dev.meshprobe.fixes;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Sets an annotation in the {@code metadata.annotations} of a pod template or an object, creating the
 * mappings when absent. Istio reads its pod annotations from the pod the template creates, so the pod
 * template (not the workload's own metadata) is where the probe fixes write.
 */
final class Annotations {
  private Annotations() {}

  /**
   * Edits that give {@code key} the value {@code value.apply(old)} (old is null when the annotation is
   * absent), or null when the annotations come from an alias or a merge key.
   */
  static List<TextEdit> set(YamlEditor ed, YMapping holder, String key, UnaryOperator<String> value) {
    YMapping annotations = null;
    YEntry metadata = YamlEditor.own(holder, "metadata");
    if (metadata != null) {
      if (!YamlEditor.isLocal(holder, metadata)) {
        return null;
      }
      if (metadata.value() instanceof YMapping m) {
        YEntry a = YamlEditor.own(m, "annotations");
        if (a != null && !YamlEditor.isLocal(m, a)) {
          return null;
        }
        annotations = a != null && a.value() instanceof YMapping am ? am : null;
      }
    }
    YEntry e = YamlEditor.own(annotations, key);
    if (e != null) {
      if (!YamlEditor.isLocal(annotations, e)) {
        return null;
      }
      return ed.setValue(e, value.apply(e.value() == null ? null : e.value().text()));
    }
    return ed.addAt(holder, List.of("metadata", "annotations"), key, Out.quoted(value.apply(null)));
  }

  /** The text of an annotation written in the holder's own metadata, or null. */
  static String own(YMapping holder, String key) {
    YEntry metadata = YamlEditor.own(holder, "metadata");
    YMapping m = metadata != null && metadata.value() instanceof YMapping mm ? mm : null;
    YEntry a = YamlEditor.own(m, "annotations");
    YEntry e = a != null && a.value() instanceof YMapping am ? YamlEditor.own(am, key) : null;
    return e == null || e.value() == null ? null : e.value().text();
  }
}
