package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.NamespaceSource;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.TemplateParameters;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Kubernetes objects of a document: its root mapping, the items of a {@code kind: List}, or
 * the {@code objects} of an OpenShift {@code Template} ({@code oc process} fills in its parameters and
 * creates the objects; the template itself runs nothing).
 */
final class Resources {
  private Resources() {}

  /**
   * The objects of a document. Those without {@code metadata.namespace} get {@code namespaceDefault},
   * from {@code namespaceSource}; the others keep their own namespace, seen, in the same context.
   */
  static List<Resource> of(String file, YamlDocument doc, Anchor anchor, String namespaceDefault, NamespaceSource namespaceSource) {
    if (!(doc.root() instanceof YMapping root) || doc.hasSyntaxError()) {
      return List.of();
    }
    List<Resource> out = new ArrayList<>(1);
    String kind = root.string("kind");
    YSequence items = kind == null ? null : kind.endsWith("List") ? root.sequence("items")
        : isOpenShiftTemplate(root) ? root.sequence("objects") : null;
    if (items != null) {
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

  /**
   * {@code kind: Template} of {@code template.openshift.io/v1}, or of {@code v1}, the group-less
   * apiVersion OpenShift 3 used for it.
   */
  private static boolean isOpenShiftTemplate(YMapping root) {
    String apiVersion = root.string("apiVersion");
    return "Template".equals(root.string("kind"))
        && ("v1".equals(apiVersion) || apiVersion != null && apiVersion.startsWith("template.openshift.io/"));
  }

  private static Resource resource(String file, YamlDocument doc, Anchor anchor, YMapping m, String namespaceDefault,
      NamespaceSource namespaceSource) {
    YMapping metadata = m.mapping("metadata");
    String ns = metadata == null ? null : metadata.string("namespace");
    // A template parameter (${NAMESPACE}) is no namespace yet: the object is taken as namespace-less.
    if (ns != null && !ns.isEmpty() && !TemplateParameters.holdsParameter(ns)) {
      return new Resource(file, doc, anchor, m, ns, namespaceSource.seen());
    }
    return new Resource(file, doc, anchor, m, namespaceDefault, namespaceSource);
  }
}
