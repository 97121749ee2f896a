package dev.meshprobe.context;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Path;
import java.util.List;

/**
 * One patch of a kustomization: a strategic-merge patch (a partial object) or a JSON 6902 patch (a list
 * of operations), in a file of its own or inline. Which of the two is told as kustomize tells it for
 * {@code patches:}: a list of operations is JSON 6902, anything else a strategic-merge patch.
 */
final class KustomizePatch {
  /** Where the patch is listed, which is also when kustomize applies it. */
  enum Stage { STRATEGIC_MERGE, PATCHES, JSON6902 }

  private final Kustomization owner;
  private final Stage stage;
  private final PatchTarget target;
  private final Path file;
  /** The inline patch scalar, or the {@code path} value naming the file. */
  private final YNode node;
  private EmbeddedYaml content;
  private boolean loaded;

  private KustomizePatch(Kustomization owner, Stage stage, PatchTarget target, Path file, YNode node) {
    this.owner = owner;
    this.stage = stage;
    this.target = target;
    this.file = file;
    this.node = node;
  }

  static KustomizePatch inline(Kustomization owner, Stage stage, PatchTarget target, YNode scalar) {
    return new KustomizePatch(owner, stage, target, null, scalar);
  }

  static KustomizePatch file(Kustomization owner, Stage stage, PatchTarget target, Path file, YNode pathNode) {
    return new KustomizePatch(owner, stage, target, file, pathNode);
  }

  Stage stage() {
    return stage;
  }

  /** The patch's own file, or null for an inline patch. */
  Path file() {
    return file;
  }

  private synchronized EmbeddedYaml content(SourceFiles files, YamlParser parser) {
    if (!loaded) {
      loaded = true;
      if (file != null) {
        content = EmbeddedYaml.ofFile(file, files.yaml(file));
      } else if (node instanceof YScalar s) {
        content = EmbeddedYaml.ofBlockScalar(owner.file, files.text(owner.file), owner.document.start(), s, parser);
      }
    }
    return content;
  }

  /**
   * Where this patch writes the node at {@code path} of {@code object}, or null when it does not. With
   * {@code equalValue}, a value counts only when the patch writes that very value.
   */
  Location locate(NodePath path, ObjectId object, SourceFiles files, YamlParser parser, boolean equalValue) {
    if (target != null && !target.matches(object)) {
      return null;
    }
    EmbeddedYaml yaml = content(files, parser);
    if (yaml == null) {
      return null;
    }
    for (YamlDocument doc : yaml.documents) {
      if (doc.root() instanceof YSequence ops) {
        Location l = JsonPatchOps.locate(ops, path, yaml, doc, files, equalValue);
        if (l != null) {
          return l;
        }
      } else if (doc.root() instanceof YMapping m && (target != null || object.isNamedBy(m))) {
        Location l = locateIn(yaml, doc, m, path.steps(), path, equalValue);
        if (l != null) {
          return l;
        }
      }
    }
    return null;
  }

  /** The node at {@code steps} below {@code root} (a node of {@code doc}), as a patch location. */
  static Location locateIn(EmbeddedYaml yaml, YamlDocument doc, YNode root, List<NodePath.Step> steps, NodePath path, boolean equalValue) {
    TreeLookup.Hit hit = TreeLookup.find(root, steps);
    if (!hit.complete(steps.size())) {
      return null;
    }
    if (path.key()) {
      YNode k = hit.key();
      return k == null ? null : yaml.location(doc, k.start(), k.end(), Origin.PATCH, true);
    }
    boolean same = TreeLookup.sameScalar(path.node(), hit.node());
    if (equalValue && !same) {
      return null;
    }
    YNode at = hit.node() != null ? hit.node() : hit.key();
    return at == null ? null : yaml.location(doc, at.start(), at.end(), Origin.PATCH, same);
  }
}
