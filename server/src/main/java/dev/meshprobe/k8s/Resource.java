package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import java.util.Map;

/**
 * One Kubernetes object: a document's root mapping, or one item of a {@code kind: List}. Its namespace
 * is already resolved (metadata, kustomization, configuration, {@code default}); {@code namespaceSource}
 * says which.
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
  private final String namespaceSource;
  private final YMapping metadata;

  public Resource(String file, YamlDocument document, Anchor anchor, YMapping node, String namespace, String namespaceSource) {
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

  /** Where the namespace came from: "metadata.namespace", a kustomization path, "configuration" or "default". */
  public String namespaceSource() {
    return namespaceSource;
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

  /** {@code Kind namespace/name}, the way messages name an object. */
  public String display() {
    return kind + " " + namespace + "/" + name();
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
