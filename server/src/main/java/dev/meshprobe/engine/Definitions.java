package dev.meshprobe.engine;

import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.mesh.MeshIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity of every workload and mesh-relevant object of the workspace, kept up to date file by
 * file, to tell which objects are defined more than once (alternatives, DESIGN §9). Only the kinds the
 * engine reads are listed: those are the objects whose alternatives can change a verdict, and the ones
 * a closed file keeps.
 */
final class Definitions {
  private static final Comparator<MeshIndex.Definition> WORKSPACE_ORDER =
      Comparator.comparing(MeshIndex.Definition::file).thenComparingInt(d -> d.nameRef().start());

  private final Map<ObjectIdentity, List<MeshIndex.Definition>> byIdentity = new HashMap<>();
  private final Map<Path, List<MeshIndex.Definition>> byFile = new HashMap<>();
  /** The identities with two or more definitions. */
  private final Set<ObjectIdentity> twice = new HashSet<>();

  /** The definitions of one document's objects. */
  static List<MeshIndex.Definition> of(List<Resource> resources) {
    List<MeshIndex.Definition> out = null;
    for (Resource r : resources) {
      ObjectIdentity id = ObjectIdentity.of(r);
      if (id == null) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(1);
      }
      out.add(new MeshIndex.Definition(id, r.apiVersion(), r.namespace(), r.nameRef(), r.display(), r.file(),
          r.namespaceAssumed()));
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  /** A file changed from {@code prev} to {@code next} (either null when the file is new or gone). */
  void replace(FileState prev, FileState next) {
    if (prev != null) {
      for (MeshIndex.Definition d : byFile.getOrDefault(prev.path, List.of())) {
        List<MeshIndex.Definition> list = byIdentity.get(d.identity());
        if (list != null) {
          list.remove(d);
          if (list.size() < 2) {
            twice.remove(d.identity());
          }
          if (list.isEmpty()) {
            byIdentity.remove(d.identity());
          }
        }
      }
      byFile.remove(prev.path);
    }
    if (next != null) {
      List<MeshIndex.Definition> all = new ArrayList<>();
      for (DocState doc : next.documents) {
        all.addAll(doc.definitions());
      }
      for (MeshIndex.Definition d : all) {
        List<MeshIndex.Definition> list = byIdentity.computeIfAbsent(d.identity(), k -> new ArrayList<>(1));
        list.add(d);
        if (list.size() > 1) {
          twice.add(d.identity());
        }
      }
      if (!all.isEmpty()) {
        byFile.put(next.path, all);
      }
    }
  }

  /** Lists every file again, after a change that may move every identity (configuration, indexing). */
  void rebuild(Collection<FileState> files) {
    byIdentity.clear();
    byFile.clear();
    twice.clear();
    for (FileState f : files) {
      replace(null, f);
    }
  }

  /** The definitions of every object defined more than once, each in workspace order; the groups in the order of their first. */
  List<List<MeshIndex.Definition>> definedTwice() {
    List<List<MeshIndex.Definition>> out = new ArrayList<>(twice.size());
    for (ObjectIdentity id : twice) {
      List<MeshIndex.Definition> group = new ArrayList<>(byIdentity.get(id));
      group.sort(WORKSPACE_ORDER);
      out.add(group);
    }
    out.sort(Comparator.comparing(g -> g.get(0), WORKSPACE_ORDER));
    return out;
  }
}
