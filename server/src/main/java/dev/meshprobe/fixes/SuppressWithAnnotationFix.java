package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YMapping;
import java.util.Arrays;
import java.util.List;

/**
 * Adds the rule id to the {@code meshprobe.dev/ignore} annotation (merged with ids already there): on
 * the pod template of a workload, next to the Istio annotations it is about, or on the object's own
 * metadata for anything else. It silences the rule for the whole resource.
 */
final class SuppressWithAnnotationFix extends Fix {
  static final String ID = "suppress-with-annotation";
  static final String ANNOTATION = "meshprobe.dev/ignore";

  private final String rule;
  private final String resource;

  private SuppressWithAnnotationFix(List<FileEdit> edits, String rule, String resource) {
    super(edits);
    this.rule = rule;
    this.resource = resource;
  }

  static Fix offer(FixContext c) {
    Resource r = c.resource();
    if (r == null || c.finding().subject().kind() == null || !r.display().equals(display(c))) {
      return null;
    }
    Workload w = c.workload();
    YMapping holder = w != null ? w.pod().node() : r.node();
    List<FileEdit> edits = single(c, Annotations.set(c.editor(), holder, ANNOTATION, old -> merge(old, c.rule())));
    return edits == null ? null : new SuppressWithAnnotationFix(edits, c.rule(), r.display());
  }

  static String display(FixContext c) {
    var s = c.finding().subject();
    return s.kind() + " " + s.namespace() + "/" + s.name();
  }

  static String merge(String old, String rule) {
    if (old == null || old.isBlank()) {
      return rule;
    }
    if (Arrays.asList(old.split("[,\\s]+")).contains(rule)) {
      return old;
    }
    String trimmed = old.strip();
    return trimmed + (trimmed.contains(", ") ? ", " : ",") + rule;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Suppress " + rule + " for " + resource + " with an annotation";
  }
}
