package dev.meshprobe.context;

import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The values files a template's {@code .Values} come from, in the order Helm gives them precedence:
 * the release's {@code -f} files (the last first), then the chart's {@code values.yaml}; for a subchart,
 * those under the subchart's name, then each chart's own {@code values.yaml} down to the subchart's
 * ({@code global} is looked up at the top of every file). Helm merges maps key by key and replaces
 * lists, so the first file that holds the whole path is the one whose text was rendered.
 */
final class HelmValues {
  private record Source(Path file, List<String> prefix) {}

  private final List<Source> sources = new ArrayList<>();
  private final List<Source> globals = new ArrayList<>();

  HelmValues(List<HelmChart> chain, List<Path> releaseValues) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i < chain.size(); i++) {
      names.add(chain.get(i).name);
    }
    for (int i = releaseValues.size() - 1; i >= 0; i--) {
      add(releaseValues.get(i), names);
    }
    for (int level = 0; level < chain.size(); level++) {
      add(chain.get(level).dir.resolve("values.yaml"), names.subList(level, names.size()));
    }
  }

  private void add(Path file, List<String> prefix) {
    sources.add(new Source(SourceFiles.key(file), List.copyOf(prefix)));
    globals.add(new Source(SourceFiles.key(file), List.of()));
  }

  /**
   * The values entry at {@code valuesPath} followed by {@code rest} (rendered steps below the point the
   * value was inserted), located for {@code target}'s key or value; null when no file holds it.
   */
  Location locate(List<String> valuesPath, List<NodePath.Step> rest, NodePath target, SourceFiles files) {
    List<NodePath.Step> tail = new ArrayList<>();
    valuesPath.forEach(k -> tail.add(NodePath.Step.key(k)));
    tail.addAll(rest);
    if (tail.isEmpty()) {
      return null;
    }
    boolean global = !valuesPath.isEmpty() && valuesPath.get(0).equals("global");
    for (Source s : global ? globals : sources) {
      YamlFile yaml = files.yaml(s.file);
      YNode root = yaml == null ? null : firstRoot(yaml);
      if (root == null) {
        continue;
      }
      List<NodePath.Step> steps = new ArrayList<>();
      s.prefix.forEach(k -> steps.add(NodePath.Step.key(k)));
      steps.addAll(tail);
      TreeLookup.Hit hit = TreeLookup.find(root, steps);
      if (!hit.complete(steps.size())) {
        continue;
      }
      YamlDocument doc = firstDocument(yaml);
      boolean keyTarget = target.key() && steps.get(steps.size() - 1).isKey();
      YNode at = keyTarget ? hit.key() : hit.node();
      if (at == null) {
        continue;
      }
      boolean literal = keyTarget || TreeLookup.sameScalar(target.node(), at);
      return new Location(s.file, doc.start() + at.start(), doc.start() + at.end(), Origin.VALUES, literal);
    }
    return null;
  }

  private static YamlDocument firstDocument(YamlFile yaml) {
    for (YamlDocument d : yaml.documents()) {
      if (d.root() != null && !d.hasSyntaxError()) {
        return d;
      }
    }
    return null;
  }

  private static YNode firstRoot(YamlFile yaml) {
    YamlDocument d = firstDocument(yaml);
    return d == null ? null : d.root();
  }
}
