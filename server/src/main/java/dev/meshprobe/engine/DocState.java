package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * One document of a workspace file with what the engine derived from it: its anchor (moved, not
 * rebuilt, when an edit elsewhere shifts it), its resources, and its findings cached against the
 * workspace's findings clock and the configuration they were computed with.
 *
 * <p>A document of a closed file the language server compacted is {@linkplain #packed packed}: it
 * holds its cut tree as bytes, and gives its resources and workloads built anew on every call. Nothing
 * keeps them, so a workspace question that walks every workload holds one document's objects at a time.
 */
final class DocState {
  /**
   * The root of a packed document's placeholder: no parse ever returns it, so an edit of the file never
   * takes a packed document for an unchanged one (whose text would be "" like the placeholder's).
   */
  private static final YMapping PACKED_ROOT = new YMapping(List.of(), false, 0, 0);

  YamlDocument document;
  final Anchor anchor;
  private final List<Resource> resources;
  /** The workloads among {@link #resources}, derived once: every lint and every workspace question reuses them. */
  private final List<Workload> workloads;
  /** For a document of a compacted file: its kept tree and what is needed to derive its resources; else null. */
  final Packed packed;
  List<Finding> findings;
  /** The document's {@code meshprobe.dev/ignore} annotations, read once (offsets move with the anchor). */
  List<Suppressions.Marker> annotationMarkers;
  /** The document's {@code meshprobe:ignore} comments, found once in its text (anchored; the line is worked out per lint). */
  List<Suppressions.Marker> commentMarkers;
  /**
   * The resources that hold mesh facts, picked once: a change elsewhere compares these by identity.
   * Null for a packed document, whose resources are built anew on each call.
   */
  final List<Resource> meshRelevant;
  /** The identities of the document's objects whose alternatives can change a verdict; null until asked for (packed documents). */
  private List<MeshIndex.Definition> definitions;
  /** The document's text holds a marker of another tool's template language ({@link TemplateLanguages#mayBeTemplate}). */
  boolean templateMarkers;
  /** The workspace's findings clock when {@link #findings} were computed; -1 before. */
  long findingsStamp = -1;
  Config findingsConfig;

  /**
   * What a compacted file keeps of a document: its cut tree, packed, the file and default namespace its
   * resources are derived with, and what it holds, so that questions about other kinds skip it unpacked.
   */
  record Packed(PackedTree tree, String file, NamespaceDefault namespaceDefault, int workloadCount,
      boolean meshRelevant, boolean onlyServices, String ownNamespace) {
    /** {@code ownNamespace} when the document is one object that sets {@code metadata.namespace}. */
    static final String SEVERAL = new String("(several objects)");

    Packed withNamespace(NamespaceDefault namespaceDefault) {
      return new Packed(tree, file, namespaceDefault, workloadCount, meshRelevant, onlyServices, ownNamespace);
    }
  }

  DocState(YamlDocument document, Anchor anchor, List<Resource> resources) {
    this.document = document;
    this.anchor = anchor;
    this.resources = resources;
    this.workloads = workloadsOf(resources);
    this.packed = null;
    this.meshRelevant = resources.stream().filter(MeshIndex::isMeshRelevant).toList();
    this.definitions = Definitions.of(meshRelevant);
  }

  /**
   * A packed document at {@code index} and {@code start} of its file; {@code definitions} as derived
   * from it before packing, or null to derive them from the packed tree when asked.
   */
  DocState(int index, int start, Anchor anchor, Packed packed, List<MeshIndex.Definition> definitions) {
    this.document = new YamlDocument(index, start, "", PACKED_ROOT, List.of());
    this.anchor = anchor;
    this.resources = null;
    this.workloads = null;
    this.packed = packed;
    this.meshRelevant = null;
    this.definitions = definitions;
  }

  /** The identities of the document's objects whose alternatives can change a verdict, for {@link Definitions}. */
  List<MeshIndex.Definition> definitions() {
    if (definitions == null) {
      definitions = Definitions.of(resources());
    }
    return definitions;
  }

  private static List<Workload> workloadsOf(List<Resource> resources) {
    List<Workload> ws = null;
    for (Resource r : resources) {
      Workload w = Workload.of(r);
      if (w != null) {
        if (ws == null) {
          ws = new ArrayList<>(1);
        }
        ws.add(w);
      }
    }
    return ws == null ? List.of() : List.copyOf(ws);
  }

  /** The document's resources; for a packed document, unpacked anew. */
  List<Resource> resources() {
    if (packed == null) {
      return resources;
    }
    YamlDocument doc = new YamlDocument(document.index(), document.start(), "", packed.tree().unpack(), List.of());
    return Resources.of(packed.file(), doc, anchor, packed.namespaceDefault().namespace(), packed.namespaceDefault().source());
  }

  /** The document's workloads; for a packed document, unpacked anew. */
  List<Workload> workloads() {
    if (packed == null) {
      return workloads;
    }
    return packed.workloadCount() == 0 ? List.of() : workloadsOf(resources());
  }

  /** How many workloads {@link #workloads()} gives, without unpacking. */
  int workloadCount() {
    return packed == null ? workloads.size() : packed.workloadCount();
  }

  /** False when no workload of the document is in {@code namespace}, told without unpacking where it can be. */
  boolean mayHaveWorkloadsIn(String namespace) {
    if (packed == null || packed.workloadCount() == 0 || packed.ownNamespace() == Packed.SEVERAL) {
      return workloadCount() > 0;
    }
    String ns = packed.ownNamespace() != null ? packed.ownNamespace() : packed.namespaceDefault().namespace();
    return namespace.equals(ns);
  }

  /** False when no resource of the document is mesh-relevant, told without unpacking. */
  boolean mayBeMeshRelevant() {
    return packed == null || packed.meshRelevant();
  }
}
