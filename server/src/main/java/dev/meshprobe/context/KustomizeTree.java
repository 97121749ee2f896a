package dev.meshprobe.context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entry kustomization and every kustomization it includes, read from the edited text: which files
 * the entry uses, and through which chain of kustomizations an object of a given file was included
 * (only the patches and transformers on that chain can have written its keys). Safe to ask from
 * several threads: kustomizations are read once, under the tree's lock.
 */
final class KustomizeTree {
  final Kustomization entry;
  private final SourceFiles files;
  private final Map<Path, Kustomization> byFolder = new LinkedHashMap<>();

  KustomizeTree(Path entryFile, SourceFiles files) {
    this.files = files;
    this.entry = Kustomization.read(entryFile, files);
    byFolder.put(entry.dir, entry);
    load(entry, new HashSet<>());
  }

  private void load(Kustomization k, Set<Path> seen) {
    if (!seen.add(k.dir)) {
      return;
    }
    for (Path folder : k.referencedFolders(files)) {
      Kustomization child = kustomizationIn(folder);
      if (child != null) {
        load(child, seen);
      }
    }
  }

  /** The kustomization of a folder, read once; null when the folder has none. */
  synchronized Kustomization kustomizationIn(Path folder) {
    Path dir = SourceFiles.key(folder);
    if (byFolder.containsKey(dir)) {
      return byFolder.get(dir);
    }
    Path file = Kustomization.fileIn(dir, files);
    Kustomization k = file == null ? null : Kustomization.read(file, files);
    byFolder.put(dir, k);
    return k;
  }

  /** Every kustomization of the tree, the entry first. */
  synchronized List<Kustomization> all() {
    return byFolder.values().stream().filter(k -> k != null).toList();
  }

  /** Every local file the entry uses: its kustomizations and what they read. */
  Set<Path> usedFiles() {
    Set<Path> out = new LinkedHashSet<>();
    for (Kustomization k : all()) {
      out.addAll(k.ownFiles(files));
    }
    return out;
  }

  /** The patch files of the entry's kustomizations (strategic merge, JSON 6902, {@code patches:} with a path). */
  Set<Path> patchFiles() {
    Set<Path> out = new LinkedHashSet<>();
    for (Kustomization k : all()) {
      for (KustomizePatch p : k.patches) {
        if (p.file() != null) {
          out.add(p.file());
        }
      }
    }
    return out;
  }

  /**
   * The kustomizations through which {@code file} (a resource file, or for a generated object the
   * kustomization that configured it) reaches the entry, innermost first; empty when it does not.
   */
  List<Kustomization> chainTo(Path file) {
    List<Kustomization> out = new ArrayList<>();
    chain(entry, SourceFiles.key(file), new HashSet<>(), out);
    return out;
  }

  private boolean chain(Kustomization k, Path target, Set<Path> seen, List<Kustomization> out) {
    if (k == null || !seen.add(k.dir)) {
      return false;
    }
    if (k.file.equals(target) || k.resourceFiles(files).contains(target)) {
      out.add(k);
      return true;
    }
    for (Path folder : k.referencedFolders(files)) {
      if (chain(kustomizationIn(folder), target, seen, out)) {
        out.add(k);
        return true;
      }
    }
    return false;
  }

  /** The components {@code k} includes, in the order it lists them. */
  List<Kustomization> componentsOf(Kustomization k) {
    List<Kustomization> out = new ArrayList<>();
    for (Kustomization.Ref r : k.components) {
      if (!Kustomization.isRemote(r.value())) {
        Kustomization c = kustomizationIn(k.resolve(r));
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
