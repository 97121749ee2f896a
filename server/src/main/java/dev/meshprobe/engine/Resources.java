package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/** Reads the Kubernetes objects of a document: its root mapping, or the items of a {@code kind: List}. */
final class Resources {
  private Resources() {}

  static List<Resource> of(String file, YamlDocument doc, Anchor anchor, String namespaceDefault, String namespaceSource) {
    if (!(doc.root() instanceof YMapping root) || doc.hasSyntaxError()) {
      return List.of();
    }
    List<Resource> out = new ArrayList<>(1);
    String kind = root.string("kind");
    YSequence items = root.sequence("items");
    if (kind != null && kind.endsWith("List") && items != null) {
      for (YNode item : items.items()) {
        if (item instanceof YMapping m && m.string("kind") != null) {
          out.add(resource(file, doc, anchor, m, namespaceDefault, namespaceSource));
        }
      }
    } else if (kind != null) {
      out.add(resource(file, doc, anchor, root, namespaceDefault, namespaceSource));
    }
    return List.copyOf(out);
  }

  private static Resource resource(String file, YamlDocument doc, Anchor anchor, YMapping m, String namespaceDefault, String namespaceSource) {
    YMapping metadata = m.mapping("metadata");
    String ns = metadata == null ? null : metadata.string("namespace");
    if (ns != null && !ns.isEmpty()) {
      return new Resource(file, doc, anchor, m, ns, "metadata.namespace");
    }
    return new Resource(file, doc, anchor, m, namespaceDefault, namespaceSource);
  }
}
