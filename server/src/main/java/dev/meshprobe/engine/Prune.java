package dev.meshprobe.engine;

import dev.meshprobe.k8s.WorkloadKind;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the tree of a document of a file that is not open down to what other files' verdicts and
 * hovers read: for a workload, its identity, its pod's labels and annotations, and its containers'
 * names, ports and probe handlers; for a Service, its selector and ports. Spans are kept, so facts still point at the right place.
 */
final class Prune {
  /**
   * Which keys of a mapping to keep, and how to cut each; {@code all} keeps the whole subtree. A spec has a
   * handful of keys: they are compared in turn, which costs less than hashing every key of the document.
   */
  private record Spec(String[] keys, Spec[] specs, boolean all) {
    static final Spec ALL = new Spec(new String[0], new Spec[0], true);

    static Spec of(Object... keysAndSpecs) {
      String[] keys = new String[keysAndSpecs.length / 2];
      Spec[] specs = new Spec[keys.length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = (String) keysAndSpecs[2 * i];
        specs[i] = (Spec) keysAndSpecs[2 * i + 1];
      }
      return new Spec(keys, specs, false);
    }

    /** The spec of {@code key}'s value, or null when it is cut. */
    Spec get(String key) {
      if (all) {
        return ALL;
      }
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return specs[i];
        }
      }
      return null;
    }
  }

  /** A closed file is never linted itself: its object needs only its identity. */
  private static final Spec METADATA = Spec.of("name", Spec.ALL, "namespace", Spec.ALL);
  /** The pod's labels (policy and Service selectors) and annotations (injection, capture, status port). */
  private static final Spec POD_METADATA = Spec.of("name", Spec.ALL, "namespace", Spec.ALL, "labels", Spec.ALL, "annotations", Spec.ALL);
  private static final Spec HANDLER = Spec.of("port", Spec.ALL, "path", Spec.ALL, "scheme", Spec.ALL, "host", Spec.ALL);
  private static final Spec PROBE = Spec.of("httpGet", HANDLER, "tcpSocket", HANDLER, "grpc", HANDLER, "exec", Spec.of());
  private static final Spec CONTAINER = Spec.of("name", Spec.ALL, "restartPolicy", Spec.ALL,
      "ports", Spec.of("name", Spec.ALL, "containerPort", Spec.ALL),
      "livenessProbe", PROBE, "readinessProbe", PROBE, "startupProbe", PROBE);
  private static final Spec POD_SPEC = Spec.of("hostNetwork", Spec.ALL, "containers", CONTAINER, "initContainers", CONTAINER);
  private static final Spec TEMPLATE = Spec.of("metadata", POD_METADATA, "spec", POD_SPEC);
  private static final Spec SERVICE = Spec.of("apiVersion", Spec.ALL, "kind", Spec.ALL, "metadata", METADATA,
      "spec", Spec.of("selector", Spec.ALL, "ports", Spec.of("name", Spec.ALL, "port", Spec.ALL, "targetPort", Spec.ALL)));

  private Prune() {}

  /** The cut tree of a workload of {@code kind}. */
  static YNode workload(YNode root, WorkloadKind kind) {
    Spec spec = TEMPLATE;
    List<String> path = kind.templatePath();
    if (path.isEmpty()) {
      spec = Spec.of("apiVersion", Spec.ALL, "kind", Spec.ALL, "metadata", POD_METADATA, "spec", POD_SPEC);
    } else {
      for (int i = path.size() - 1; i >= 0; i--) {
        spec = i == 0 ? Spec.of("apiVersion", Spec.ALL, "kind", Spec.ALL, "metadata", METADATA, path.get(0), spec)
            : Spec.of(path.get(i), spec);
      }
    }
    return cut(root, spec);
  }

  /** The cut tree of a core Service. */
  static YNode service(YNode root) {
    return cut(root, SERVICE);
  }

  private static YNode cut(YNode n, Spec spec) {
    if (n instanceof YScalar) {
      // Scalars are immutable and kept as they are: packing interns their values.
      return n;
    }
    if (n instanceof YSequence q) {
      List<YNode> items = new ArrayList<>(q.items().size());
      for (YNode item : q.items()) {
        items.add(cut(item, spec));
      }
      return new YSequence(items, q.flow(), q.start(), q.end());
    }
    if (n instanceof YMapping m) {
      List<YEntry> kept = new ArrayList<>();
      for (YEntry e : m.entries()) {
        String key = e.keyText();
        if (key == null) {
          continue;
        }
        // Merge keys supply keys to this mapping, so they are cut like the mapping itself.
        Spec child = key.equals("<<") ? spec : spec.get(key);
        if (child != null) {
          kept.add(new YEntry(cut(e.key(), Spec.ALL), e.value() == null ? null : cut(e.value(), child)));
        }
      }
      return new YMapping(kept, m.flow(), m.start(), m.end());
    }
    return n;
  }
}
