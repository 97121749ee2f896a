package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.rules.ConfigurationInvalidRule;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .meshprobe.yaml}, read as data only: its tree for {@link ConfigBuilder}, and its problems
 * as findings on the file itself, at the key they concern.
 */
public final class ConfigFile {
  public static final String NAME = ".meshprobe.yaml";

  private final Path path;
  private final Map<String, Object> tree;
  private final Map<String, SourceRef> positions = new HashMap<>();
  private final List<Finding> parseProblems = new ArrayList<>();

  private ConfigFile(Path path, Map<String, Object> tree) {
    this.path = path;
    this.tree = tree;
  }

  public static ConfigFile parse(Path path, String text) {
    ConfigFile cf = new ConfigFile(path, new LinkedHashMap<>());
    ConfigurationInvalidRule rule = Rules.get(ConfigurationInvalidRule.class);
    String file = path.toString();
    YamlFile yaml = new YamlParser().parse(text);
    YamlDocument doc = null;
    for (YamlDocument d : yaml.documents()) {
      if (!d.problems().isEmpty()) {
        var p = d.problems().get(0);
        cf.parseProblems.add(rule.problem(new SourceRef(file, new Anchor(d.start()), p.start(), p.end()),
            "the configuration is not valid YAML (" + p.message() + "), so the defaults are used"));
        return cf;
      }
      if (d.root() != null) {
        if (doc != null) {
          cf.parseProblems.add(rule.problem(SourceRef.absolute(file, d.start(), d.start()),
              "the configuration has more than one document; only the first is read"));
          break;
        }
        doc = d;
      }
    }
    if (doc == null) {
      return cf;
    }
    Anchor anchor = new Anchor(doc.start());
    if (!(doc.root() instanceof YMapping root)) {
      cf.parseProblems.add(rule.problem(new SourceRef(file, anchor, doc.root().start(), doc.root().end()),
          "the configuration must be a mapping with keys such as istio and mesh"));
      return cf;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) cf.convert(root, "", file, anchor);
    cf.tree.putAll(tree);
    return cf;
  }

  private Object convert(YNode n, String path, String file, Anchor anchor) {
    if (n instanceof YMapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (YEntry e : m.entries()) {
        String key = e.keyText();
        if (key == null) {
          continue;
        }
        String child = path.isEmpty() ? key : path + "." + key;
        positions.put(child, new SourceRef(file, anchor, e.key().start(), e.key().end()));
        out.put(key, convert(e.value(), child, file, anchor));
      }
      return out;
    }
    if (n instanceof YSequence s) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < s.items().size(); i++) {
        YNode item = s.items().get(i);
        String child = path + "[" + i + "]";
        positions.put(child, new SourceRef(file, anchor, item.start(), item.end()));
        out.add(convert(item, child, file, anchor));
      }
      return out;
    }
    return n instanceof YScalar sc && !sc.isNull() ? sc.value() : null;
  }

  /** The configuration tree of a YAML text (a flow mapping such as a fixture's {@code # config:} line), ignoring problems. */
  public static Map<String, Object> parseTree(String text) {
    return parse(Path.of(NAME), text).tree;
  }

  public Path path() {
    return path;
  }

  /** Where a key path ({@code helm.releases[0].chart}) is in the file: its key, else its nearest parent's, else the file start. */
  public SourceRef position(String keyPath) {
    for (String p = keyPath; !p.isEmpty(); p = parent(p)) {
      SourceRef at = positions.get(p);
      if (at != null) {
        return at;
      }
    }
    return SourceRef.absolute(path.toString(), 0, 0);
  }

  private static String parent(String keyPath) {
    int cut = Math.max(keyPath.lastIndexOf('.'), keyPath.lastIndexOf('['));
    return cut < 0 ? "" : keyPath.substring(0, cut);
  }

  /**
   * Applies this file as a layer and returns its problems (reading and applying) as findings at the
   * key they concern.
   */
  public List<Finding> applyTo(ConfigBuilder builder) {
    ConfigurationInvalidRule rule = Rules.get(ConfigurationInvalidRule.class);
    List<Finding> problems = new ArrayList<>(parseProblems);
    builder.apply(tree, path.getFileName().toString(), (keyPath, message) -> {
      SourceRef at = positions.getOrDefault(keyPath, SourceRef.absolute(path.toString(), 0, 0));
      problems.add(rule.problem(at, message));
    });
    return problems;
  }
}
