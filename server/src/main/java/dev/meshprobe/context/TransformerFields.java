package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import java.util.List;
import java.util.Set;

/**
 * The kustomization fields that write keys into every object: {@code commonAnnotations} (into
 * {@code metadata.annotations} and pod-template annotations), {@code commonLabels} and {@code
 * labels[].pairs} (into labels, {@code selector} and {@code matchLabels}), and {@code namespace}. A
 * rendered key is theirs when it sits under such a map and the field sets it.
 */
final class TransformerFields {
  private static final Set<String> LABEL_MAPS = Set.of("labels", "matchLabels", "selector");

  private TransformerFields() {}

  static Location annotations(Kustomization k, NodePath path, boolean equalValue) {
    YMapping m = k.commonAnnotations();
    return m == null || !under(path, Set.of("annotations")) ? null : inMap(k, m, path, Origin.COMMON_ANNOTATIONS, equalValue);
  }

  static Location labels(Kustomization k, NodePath path, boolean equalValue) {
    if (!under(path, LABEL_MAPS)) {
      return null;
    }
    for (YMapping m : k.labelMaps()) {
      Location l = inMap(k, m, path, Origin.COMMON_LABELS, equalValue);
      if (l != null) {
        return l;
      }
    }
    return null;
  }

  static Location namespace(Kustomization k, NodePath path, boolean equalValue) {
    List<NodePath.Step> s = path.steps();
    YEntry e = k.namespaceEntry();
    if (e == null || s.size() != 2 || !"metadata".equals(s.get(0).key()) || !"namespace".equals(s.get(1).key())) {
      return null;
    }
    return at(k, e, path, Origin.NAMESPACE, equalValue);
  }

  /** True when the path ends in a key of a mapping named one of {@code maps}. */
  private static boolean under(NodePath path, Set<String> maps) {
    List<NodePath.Step> s = path.steps();
    int n = s.size();
    return n >= 2 && s.get(n - 1).isKey() && s.get(n - 2).isKey() && maps.contains(s.get(n - 2).key());
  }

  /**
   * A labels or annotations map (or a {@code selector}) that only exists because a transformer field
   * created it: located on that field's key, which does not hold the map itself (not literal).
   */
  static Location createdBy(Kustomization k, NodePath path) {
    List<NodePath.Step> s = path.steps();
    if (!path.key() || k.root == null || s.isEmpty() || !s.get(s.size() - 1).isKey()) {
      return null;
    }
    String last = s.get(s.size() - 1).key();
    List<String> fields = last.equals("annotations") ? List.of("commonAnnotations")
        : LABEL_MAPS.contains(last) ? List.of("commonLabels", "labels") : List.of();
    for (String field : fields) {
      YEntry e = k.root.entry(field);
      if (e != null) {
        return new Location(k.file, k.offset(e.key().start()), k.offset(e.key().end()),
            field.equals("commonAnnotations") ? Origin.COMMON_ANNOTATIONS : Origin.COMMON_LABELS, false);
      }
    }
    return null;
  }

  private static Location inMap(Kustomization k, YMapping map, NodePath path, Origin origin, boolean equalValue) {
    YEntry e = map.entry(path.steps().get(path.size() - 1).key());
    return e == null ? null : at(k, e, path, origin, equalValue);
  }

  private static Location at(Kustomization k, YEntry e, NodePath path, Origin origin, boolean equalValue) {
    if (path.key()) {
      return new Location(k.file, k.offset(e.key().start()), k.offset(e.key().end()), origin, true);
    }
    boolean same = TreeLookup.sameScalar(path.node(), e.value());
    if (equalValue && !same) {
      return null;
    }
    YNode v = e.value();
    return new Location(k.file, k.offset(v.start()), k.offset(v.end()), origin, same);
  }
}
