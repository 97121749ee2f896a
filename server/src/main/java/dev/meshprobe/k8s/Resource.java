package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import java.util.Map;

/**
 * One Kubernetes object: a document's root mapping, or one item of a {@code kind: List} or of an
 * OpenShift {@code Template}'s {@code objects}. Its namespace is already resolved (metadata,
 * configuration, kustomization, {@code default}); {@link #namespaceSource()} says which, and in which
 * deployment context the object is decided.
 */
public final class Resource {
  private final String file;
  private final YamlDocument document;
  private final Anchor anchor;
  private final YMapping node;
  private final String apiVersion;
  private final String kind;
  private final String name;
  private final String namespace;
  private final NamespaceSource namespaceSource;
  private final YMapping metadata;

  public Resource(String file, YamlDocument document, Anchor anchor, YMapping node, String namespace, NamespaceSource namespaceSource) {
    this.file = file;
    this.document = document;
    this.anchor = anchor;
    this.node = node;
    this.apiVersion = node.string("apiVersion");
    this.kind = node.string("kind");
    this.metadata = node.mapping("metadata");
    this.name = metadata == null ? null : metadata.string("name");
    this.namespace = namespace;
    this.namespaceSource = namespaceSource;
  }

  public String file() {
    return file;
  }

  public YamlDocument document() {
    return document;
  }

  public YMapping node() {
    return node;
  }

  public String apiVersion() {
    return apiVersion;
  }

  /** The API group: the part of {@code apiVersion} before the slash, "" for the core group. */
  public String group() {
    if (apiVersion == null) {
      return null;
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String kind() {
    return kind;
  }

  /** The object's name, or {@code <unnamed>} when metadata has none. */
  public String name() {
    return name == null ? "<unnamed>" : name;
  }

  public String namespace() {
    return namespace;
  }

  /** Where the namespace came from (seen, configured, context or assumed) and the context the object is in. */
  public NamespaceSource namespaceSource() {
    return namespaceSource;
  }

  /** True when the file does not say the namespace and nothing configured does: {@code default} is assumed. */
  public boolean namespaceAssumed() {
    return namespaceSource.isAssumed();
  }

  /**
   * True when this object (a policy, a Service) is in the namespace of {@code subject}, as far as the
   * files tell (DESIGN §1): the same name, the same context, and either both stated or both assumed with
   * this one from the subject's folder or a folder above it.
   */
  public boolean reachesNamespaceOf(Resource subject) {
    return namespace.equals(subject.namespace) && namespaceSource.reaches(subject.namespaceSource);
  }

  public YMapping metadata() {
    return metadata;
  }

  public Map<String, String> labels() {
    return Labels.of(metadata == null ? null : metadata.mapping("labels"));
  }

  public Map<String, String> annotations() {
    return Labels.of(metadata == null ? null : metadata.mapping("annotations"));
  }

  /**
   * {@code Kind namespace/name}, the way messages name an object; {@code Kind name (no namespace)} when
   * the namespace is only assumed, so that an assumption is never presented as a fact.
   */
  public String display() {
    return kind + " " + qualifiedName();
  }

  /**
   * {@code namespace/name}; {@code name (no namespace)} when the namespace is only assumed; the name
   * alone for a cluster-scoped kind.
   */
  public String qualifiedName() {
    if (kind != null && ObjectIdentity.isClusterScoped(kind)) {
      return name();
    }
    return namespaceSource.isAssumed() ? name() + " (no namespace)" : namespace + "/" + name();
  }

  public boolean is(String group, String kind) {
    return kind.equals(this.kind) && (group == null || group.equals(group()));
  }

  /** The anchor of the document this resource is in. */
  public Anchor anchor() {
    return anchor;
  }

  /** The span of the {@code metadata.name} value, or of the whole object when it has no name. */
  public SourceRef nameRef() {
    var e = metadata == null ? null : metadata.entry("name");
    return e == null || e.value() == null ? ref(node) : ref(e.value());
  }

  /** The span of a node of this resource. */
  public SourceRef ref(YNode n) {
    return new SourceRef(file, anchor, n.start(), n.end());
  }
}
