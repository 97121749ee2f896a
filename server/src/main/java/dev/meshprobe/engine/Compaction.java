package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.k8s.WorkloadKind;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.ServiceInfo;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * The packing of files the language server has indexed but that are not open: what other files need of
 * them (positions, and the documents that hold mesh facts or workloads, cut down and packed into
 * bytes), so that a workspace of thousands of manifests fits a small heap.
 */
final class Compaction {
  private final Layout layout;

  Compaction(Layout layout) {
    this.layout = layout;
  }

  /**
   * What other files need of a file that is not open: its line index (to place facts that point into
   * it) and the documents that hold mesh facts or workloads, without their text, their trees cut down
   * and packed ({@link #packDocument}). Configuration, kustomization, unread and template files are
   * small or needed whole, and stay as they are.
   */
  FileState compact(FileState f) {
    if (f.compacted || f.source == null || f.yaml == null || f.template || f.notRead != null
        || Layout.isConfigName(f.path) || Layout.isKustomizationName(f.path)) {
      return f;
    }
    List<DocState> kept = new ArrayList<>();
    NamespaceDefault ns = null;
    for (DocState d : f.documents) {
      if (d.workloadCount() == 0 && d.meshRelevant.isEmpty()) {
        continue;
      }
      if (ns == null) {
        ns = layout.defaultNamespace(f.path, f.config);
      }
      kept.add(packDocument(f.key, d.document, d.anchor, d.resources(), ns));
    }
    return new FileState(f.path, f.source.withoutText(), null, List.copyOf(kept), null, f.config, false, true);
  }

  /**
   * A compacted file under a new configuration: its kept documents give their resources again with
   * the namespace the configuration now implies, without reading the file again.
   */
  FileState rederive(FileState f) {
    Config cfg = layout.configFor(f.path);
    NamespaceDefault ns = layout.defaultNamespace(f.path, cfg);
    List<DocState> docs = new ArrayList<>(f.documents.size());
    for (DocState d : f.documents) {
      docs.add(new DocState(d.document.index(), d.document.start(), d.anchor, d.packed.withNamespace(ns), null));
    }
    return new FileState(f.path, f.source, null, List.copyOf(docs), null, cfg, false, true);
  }

  /**
   * A document of a closed file as {@link #compact} would keep it of what {@link FileBuilder#build} gives,
   * or null when it would drop it, without deriving objects for it. Touches no shared state: it runs on
   * the indexing threads (for files without any marker of a template language, which only the builder
   * tells apart), with the default namespace looked up before.
   */
  static DocState packIfKept(String key, YamlDocument doc, NamespaceDefault ns) {
    Anchor anchor = new Anchor(doc.start());
    List<Resource> resources = Resources.of(key, doc, anchor, ns.namespace(), ns.source());
    for (Resource r : resources) {
      if (MeshIndex.isMeshRelevant(r) || isWorkload(r)) {
        return packDocument(key, doc, anchor, resources, ns);
      }
    }
    return null;
  }

  /**
   * A kept document of a closed file: a lone workload's or Service's tree cut down to what other files
   * read ({@link Prune}), any other tree whole, packed into bytes.
   */
  private static DocState packDocument(String file, YamlDocument doc, Anchor anchor, List<Resource> resources, NamespaceDefault ns) {
    YNode root = doc.root();
    if (resources.size() == 1 && resources.get(0).node() == root) {
      Resource only = resources.get(0);
      WorkloadKind kind = WorkloadKind.of(only);
      if (kind != null) {
        root = Prune.workload(root, kind);
      } else if (ServiceInfo.isService(only)) {
        root = Prune.service(root);
      }
    }
    boolean cut = root != doc.root();
    int workloadCount = 0;
    boolean meshRelevant = false;
    boolean onlyServices = true;
    for (Resource r : resources) {
      if (isWorkload(r)) {
        workloadCount++;
      }
      if (MeshIndex.isMeshRelevant(r)) {
        meshRelevant = true;
        onlyServices &= ServiceInfo.isService(r);
      }
    }
    // The namespace the document's one object sets itself, which no configuration change moves.
    String ownNamespace = DocState.Packed.SEVERAL;
    if (resources.size() == 1) {
      YMapping metadata = resources.get(0).metadata();
      String set = metadata == null ? null : metadata.string("namespace");
      ownNamespace = set == null || set.isEmpty() ? null : set.intern();
    }
    // A cut tree was copied node by node, so no node of it is shared.
    DocState.Packed packed = new DocState.Packed(PackedTree.pack(root, !cut), file, ns, workloadCount, meshRelevant,
        onlyServices, ownNamespace);
    return new DocState(doc.index(), doc.start(), anchor, packed, Definitions.of(resources));
  }

  /** True when {@link Workload#of} gives a workload for {@code r}, told without building it. */
  private static boolean isWorkload(Resource r) {
    WorkloadKind kind = WorkloadKind.of(r);
    if (kind == null) {
      return false;
    }
    YNode n = r.node();
    for (String key : kind.templatePath()) {
      n = n instanceof YMapping m ? m.get(key) : null;
    }
    return n instanceof YMapping;
  }
}
