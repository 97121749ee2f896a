package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One kustomization file, read for what discovery and the source map need: what it includes
 * ({@code resources}, {@code bases}, {@code components}), the local files it reads, its patches and the
 * transformer fields that write keys ({@code namespace}, {@code commonLabels}, {@code labels},
 * {@code commonAnnotations}). Remote references (URLs, {@code github.com/...}) are not followed.
 */
final class Kustomization {
  /** The names kustomize accepts for a kustomization file in a folder, in the order it looks for them. */
  static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  /** A path written in the kustomization, with the node that holds it. */
  record Ref(String value, YNode node) {}

  final Path file;
  final Path dir;
  final YamlDocument document;
  final YMapping root;
  final List<Ref> resources = new ArrayList<>();
  final List<Ref> components = new ArrayList<>();
  final List<KustomizePatch> patches = new ArrayList<>();
  /** Local files read besides resources and patch files: generator inputs, crds, configurations... */
  final Set<Path> otherFiles = new LinkedHashSet<>();

  private Kustomization(Path file, YamlDocument document, YMapping root) {
    this.file = file;
    this.dir = file.getParent();
    this.document = document;
    this.root = root;
  }

  static boolean isKustomizationFile(Path p) {
    return p.getFileName() != null && FILE_NAMES.contains(p.getFileName().toString());
  }

  /** The kustomization file of a folder as kustomize picks it, or null. */
  static Path fileIn(Path dir, SourceFiles files) {
    for (String n : FILE_NAMES) {
      Path candidate = dir.resolve(n);
      if (files.text(candidate) != null) {
        return candidate;
      }
    }
    return null;
  }

  /** Reads a kustomization file; one that does not parse gives an empty kustomization. */
  static Kustomization read(Path file, SourceFiles files) {
    YamlFile yaml = files.yaml(file);
    YamlDocument doc = null;
    if (yaml != null) {
      for (YamlDocument d : yaml.documents()) {
        if (d.root() != null) {
          doc = d;
          break;
        }
      }
    }
    YMapping root = doc != null && !doc.hasSyntaxError() ? doc.root().asMapping() : null;
    Kustomization k = new Kustomization(SourceFiles.key(file), doc, root);
    if (root != null) {
      k.readFields();
    }
    return k;
  }

  private void readFields() {
    refs("resources", resources);
    refs("bases", resources);
    refs("components", components);
    // Application order inside one kustomization, checked with kustomize v5.6: patchesStrategicMerge,
    // then patches, then the namespace, label and annotation transformers, then patchesJson6902 last.
    YSequence smp = root.sequence("patchesStrategicMerge");
    if (smp != null) {
      for (YNode item : smp.items()) {
        String s = item.text();
        if (s != null && (s.contains("\n") || s.contains(":"))) {
          patches.add(KustomizePatch.inline(this, KustomizePatch.Stage.STRATEGIC_MERGE, null, item));
        } else if (s != null) {
          patches.add(KustomizePatch.file(this, KustomizePatch.Stage.STRATEGIC_MERGE, null, dir.resolve(s).normalize(), item));
        }
      }
    }
    patchList("patches", KustomizePatch.Stage.PATCHES);
    patchList("patchesJson6902", KustomizePatch.Stage.JSON6902);
    for (String key : List.of("crds", "configurations", "generators", "transformers", "validators")) {
      YSequence s = root.sequence(key);
      if (s != null) {
        for (YNode item : s.items()) {
          String v = item.text();
          if (v != null && !isRemote(v) && !v.contains("\n")) {
            otherFiles.add(dir.resolve(v).normalize());
          }
        }
      }
    }
    for (String key : List.of("configMapGenerator", "secretGenerator")) {
      YSequence s = root.sequence(key);
      if (s != null) {
        for (YNode item : s.items()) {
          if (item instanceof YMapping m) {
            for (String field : List.of("files", "envs", "env")) {
              YNode v = m.get(field);
              List<YNode> values = v instanceof YSequence vs ? vs.items() : v == null ? List.of() : List.of(v);
              for (YNode f : values) {
                String t = f.text();
                if (t != null) {
                  // `files` entries may be `key=path`.
                  otherFiles.add(dir.resolve(t.contains("=") ? t.substring(t.indexOf('=') + 1) : t).normalize());
                }
              }
            }
          }
        }
      }
    }
  }

  private void refs(String key, List<Ref> out) {
    YSequence s = root.sequence(key);
    if (s != null) {
      for (YNode item : s.items()) {
        if (item.text() != null && !item.text().isBlank()) {
          out.add(new Ref(item.text().trim(), item));
        }
      }
    }
  }

  private void patchList(String key, KustomizePatch.Stage stage) {
    YSequence s = root.sequence(key);
    if (s == null) {
      return;
    }
    for (YNode item : s.items()) {
      if (!(item instanceof YMapping m)) {
        continue;
      }
      PatchTarget target = PatchTarget.of(m.mapping("target"));
      YEntry inline = m.entry("patch");
      String path = m.string("path");
      if (inline != null && inline.value().text() != null) {
        patches.add(KustomizePatch.inline(this, stage, target, inline.value()));
      } else if (path != null && !isRemote(path)) {
        patches.add(KustomizePatch.file(this, stage, target, dir.resolve(path).normalize(), m.get("path")));
      }
    }
  }

  /** A reference kustomize fetches from a remote repository or URL, never a workspace file. */
  static boolean isRemote(String ref) {
    return ref.contains("://") || ref.startsWith("git@") || ref.startsWith("github.com/") || ref.startsWith("gitlab.com/")
        || ref.startsWith("bitbucket.org/") || ref.contains("?ref=") || ref.contains(".git/") || ref.endsWith(".git");
  }

  /** A local resource or component reference resolved: a folder (another kustomization) or a file. */
  Path resolve(Ref ref) {
    return dir.resolve(ref.value()).normalize();
  }

  /** Folders referenced through {@code resources}, {@code bases} and {@code components} (not remote). */
  List<Path> referencedFolders(SourceFiles files) {
    List<Path> out = new ArrayList<>();
    for (Ref r : resources) {
      if (!isRemote(r.value()) && isFolder(resolve(r), files)) {
        out.add(resolve(r));
      }
    }
    for (Ref r : components) {
      if (!isRemote(r.value())) {
        out.add(resolve(r));
      }
    }
    return out;
  }

  /** Files referenced directly through {@code resources} (not folders, not remote). */
  List<Path> resourceFiles(SourceFiles files) {
    List<Path> out = new ArrayList<>();
    for (Ref r : resources) {
      if (!isRemote(r.value()) && !isFolder(resolve(r), files)) {
        out.add(resolve(r));
      }
    }
    return out;
  }

  /** Every local file this kustomization reads itself: resource files, patch files, generator inputs. */
  Set<Path> ownFiles(SourceFiles files) {
    Set<Path> out = new LinkedHashSet<>();
    out.add(file);
    out.addAll(resourceFiles(files));
    for (KustomizePatch p : patches) {
      if (p.file() != null) {
        out.add(p.file());
      }
    }
    out.addAll(otherFiles);
    return out;
  }

  private static boolean isFolder(Path p, SourceFiles files) {
    return Files.isDirectory(p) || fileIn(p, files) != null;
  }

  /** {@code namespace:} as an entry, or null. */
  YEntry namespaceEntry() {
    return root == null ? null : root.entry("namespace");
  }

  /** The maps of labels this kustomization adds: {@code commonLabels} and every {@code labels[].pairs}. */
  List<YMapping> labelMaps() {
    List<YMapping> out = new ArrayList<>();
    if (root == null) {
      return out;
    }
    if (root.mapping("commonLabels") != null) {
      out.add(root.mapping("commonLabels"));
    }
    YSequence labels = root.sequence("labels");
    if (labels != null) {
      for (YNode item : labels.items()) {
        if (item instanceof YMapping m && m.mapping("pairs") != null) {
          out.add(m.mapping("pairs"));
        }
      }
    }
    return out;
  }

  YMapping commonAnnotations() {
    return root == null ? null : root.mapping("commonAnnotations");
  }

  /** Absolute offset in the file of a node of this kustomization. */
  int offset(int rel) {
    return document.start() + rel;
  }
}
