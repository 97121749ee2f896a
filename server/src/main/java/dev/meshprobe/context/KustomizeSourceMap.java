package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source map of a Kustomize build (DESIGN §9). A key is located in the object's origin file at the
 * same path when that file holds it; else in whatever last wrote it on the chain of kustomizations that
 * included the object; else on the entry kustomization. A value is located where it was written with
 * that very value; failing that, where its key is.
 *
 * <p>"Last wrote" follows kustomize's order, checked with kustomize v5.6.0: inner kustomizations are
 * built before the ones that include them; a kustomization's components before its own patches; and
 * inside one kustomization patchesStrategicMerge, patches, then the namespace, label and annotation
 * transformers, and patchesJson6902 last. So candidates are asked in the reverse of that order.
 */
final class KustomizeSourceMap implements SourceMap {
  /** What the build said about one rendered document, by its index in the output. */
  record DocInfo(BuildOrigin origin, Path originFile, Path configuredIn, ObjectId id) {}

  private final KustomizeTree tree;
  private final SourceFiles files;
  private final YamlParser parser;
  private final Map<Integer, DocInfo> docs;
  private final Map<Integer, OriginDoc> origins = new ConcurrentHashMap<>();

  /** The document of the origin file that declared an object, and the object's identity with its original name. */
  private record OriginDoc(Path file, YamlDocument document, ObjectId id) {}

  KustomizeSourceMap(KustomizeTree tree, SourceFiles files, YamlParser parser, Map<Integer, DocInfo> docs) {
    this.tree = tree;
    this.files = files;
    this.parser = parser;
    this.docs = Map.copyOf(docs);
  }

  @Override
  public Location locate(YamlDocument rendered, int start, int end) {
    DocInfo info = docs.get(rendered.index());
    NodePath path = NodePath.find(rendered.root(), start, end);
    if (info == null || path == null) {
      return null;
    }
    OriginDoc origin = origins.computeIfAbsent(rendered.index(), i -> originOf(info));
    ObjectId id = origin.id;
    TreeLookup.Hit originHit = origin.document == null ? null : TreeLookup.find(origin.document.root(), path.steps());
    boolean inOrigin = originHit != null && originHit.complete(path.size());
    if (inOrigin && (path.key() ? originHit.key() != null : TreeLookup.sameScalar(path.node(), originHit.node()))) {
      return originLocation(origin, originHit, path, true);
    }
    List<Kustomization> levels = levels(origin.file != null ? origin.file : info.configuredIn);
    List<Candidate> candidates = candidates(levels);
    for (Candidate c : candidates) {
      Location l = c.locate(path, id, true);
      if (l != null) {
        return l;
      }
    }
    if (!path.key()) {
      // A value written with another value than the rendered one (a name given a namePrefix, an image
      // changed by `images`): where its key is, the origin first.
      if (inOrigin) {
        return originLocation(origin, originHit, path, false);
      }
      for (Candidate c : candidates) {
        Location l = c.locate(path, id, false);
        if (l != null) {
          return l;
        }
      }
    }
    for (Kustomization k : levels) {
      Location l = TransformerFields.createdBy(k, path);
      if (l != null) {
        return l;
      }
    }
    return fallback(info);
  }

  private static Location originLocation(OriginDoc origin, TreeLookup.Hit hit, NodePath path, boolean literal) {
    YNode at = path.key() ? hit.key() : hit.node() != null ? hit.node() : hit.key();
    int base = origin.document.start();
    return new Location(origin.file, base + at.start(), base + at.end(), Origin.RESOURCE, literal);
  }

  /**
   * Nothing more precise: the kustomization that generated the object, at its generator field; else the
   * entry kustomization, at its {@code resources} (what brought the object in).
   */
  private Location fallback(DocInfo info) {
    Kustomization k = null;
    String field = null;
    if (info.configuredIn != null) {
      k = tree.kustomizationIn(info.configuredIn.getParent());
      String by = info.origin == null ? null : info.origin.configuredBy();
      field = by == null || by.isEmpty() ? null : Character.toLowerCase(by.charAt(0)) + by.substring(1);
    }
    if (k == null || k.root == null) {
      k = tree.entry;
      field = "resources";
    }
    YEntry e = k.root == null ? null : k.root.entry(field == null ? "resources" : field);
    if (e == null && k.root != null && !k.root.entries().isEmpty()) {
      e = k.root.entries().get(0);
    }
    if (e == null) {
      return new Location(k.file, 0, 0, Origin.KUSTOMIZATION, false);
    }
    return new Location(k.file, k.offset(e.key().start()), k.offset(e.key().end()), Origin.KUSTOMIZATION, false);
  }

  /** Finds the origin file's document of the object: by its origin annotation, or by searching the tree. */
  private OriginDoc originOf(DocInfo info) {
    if (info.originFile != null) {
      YamlDocument d = documentOf(files.yaml(info.originFile), info.id);
      if (d != null) {
        return new OriginDoc(info.originFile, d, info.id.withName(ObjectId.nameOf(d.root().asMapping())));
      }
      return new OriginDoc(info.originFile, null, info.id);
    }
    if (info.origin == null && info.configuredIn == null) {
      // No origin annotation (a kustomize too old for buildMetadata): look for the object in every
      // resource file of the tree.
      for (Kustomization k : tree.all()) {
        for (Path f : k.resourceFiles(files)) {
          YamlDocument d = documentOf(files.yaml(f), info.id);
          if (d != null) {
            return new OriginDoc(SourceFiles.key(f), d, info.id.withName(ObjectId.nameOf(d.root().asMapping())));
          }
        }
      }
    }
    return new OriginDoc(null, null, info.id);
  }

  /**
   * The document of {@code yaml} that declared the object: same kind and name; else same kind and a name
   * the rendered name contains ({@code namePrefix}, {@code nameSuffix}), the longest; else the file's only
   * document of that kind.
   */
  static YamlDocument documentOf(YamlFile yaml, ObjectId id) {
    if (yaml == null || id.kind() == null) {
      return null;
    }
    YamlDocument best = null;
    int bestLength = -1;
    YamlDocument onlyOfKind = null;
    int ofKind = 0;
    for (YamlDocument d : yaml.documents()) {
      YMapping m = d.root() == null || d.hasSyntaxError() ? null : d.root().asMapping();
      if (m == null || !id.kind().equals(m.string("kind"))) {
        continue;
      }
      ofKind++;
      onlyOfKind = d;
      String name = ObjectId.nameOf(m);
      if (name == null) {
        continue;
      }
      if (id.names().contains(name)) {
        return d;
      }
      for (String rendered : id.names()) {
        if (rendered.contains(name) && name.length() > bestLength) {
          best = d;
          bestLength = name.length();
        }
      }
    }
    return best != null ? best : ofKind == 1 ? onlyOfKind : null;
  }

  /**
   * The kustomizations that could have written keys of an object from {@code file}, the last applied
   * first: from the entry inwards, each followed by its components (applied before its own patches).
   */
  private List<Kustomization> levels(Path file) {
    // A remote resource is in no workspace file: only the entry (and its components) can be seen to
    // have patched it.
    List<Kustomization> chain = file == null ? List.of() : tree.chainTo(file);
    if (chain.isEmpty()) {
      chain = List.of(tree.entry);
    }
    List<Kustomization> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      addLevel(chain.get(i), out, seen);
    }
    return out;
  }

  private void addLevel(Kustomization k, List<Kustomization> out, Set<Path> seen) {
    if (!seen.add(k.file)) {
      return;
    }
    out.add(k);
    List<Kustomization> components = tree.componentsOf(k);
    for (int i = components.size() - 1; i >= 0; i--) {
      addLevel(components.get(i), out, seen);
    }
  }

  /** What each kustomization of {@code levels} writes, in the reverse of the order kustomize applies it. */
  private List<Candidate> candidates(List<Kustomization> levels) {
    List<Candidate> out = new ArrayList<>();
    for (Kustomization k : levels) {
      List<KustomizePatch> patches = k.patches;
      for (int i = patches.size() - 1; i >= 0; i--) {
        if (patches.get(i).stage() == KustomizePatch.Stage.JSON6902) {
          out.add(patch(patches.get(i)));
        }
      }
      out.add((path, id, equal) -> TransformerFields.annotations(k, path, equal));
      out.add((path, id, equal) -> TransformerFields.labels(k, path, equal));
      out.add((path, id, equal) -> TransformerFields.namespace(k, path, equal));
      for (KustomizePatch.Stage stage : List.of(KustomizePatch.Stage.PATCHES, KustomizePatch.Stage.STRATEGIC_MERGE)) {
        for (int i = patches.size() - 1; i >= 0; i--) {
          if (patches.get(i).stage() == stage) {
            out.add(patch(patches.get(i)));
          }
        }
      }
    }
    return out;
  }

  private Candidate patch(KustomizePatch p) {
    return (path, id, equal) -> p.locate(path, id, files, parser, equal);
  }

  /** A place that may have written a key or value of the object. */
  @FunctionalInterface
  interface Candidate {
    Location locate(NodePath path, ObjectId id, boolean equalValue);
  }
}
