package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The source map of a Helm release (DESIGN §9). Each rendered document names its template ({@code #
 * Source:}); a key written literally in the template is found there by its path, following {@code
 * include}d named templates where the key comes from a {@code define}. A key or value that an action
 * inserted from values ({@code toYaml .Values.x}, {@code toYaml .} inside {@code with .Values.x}) is
 * placed on the values file when its own key is literal there; a value an action writes after a literal
 * key ({@code port: {{ .Values.port }}}) stays on that key, with the values entry as {@link
 * Location#valueFrom()}; anything else on the nearest enclosing literal key of the template.
 */
final class HelmSourceMap implements SourceMap {
  /** {@code include}s followed into one another at most this deep (a named template may include itself). */
  private static final int MAX_INCLUDE_DEPTH = 8;

  private final HelmChart chart;
  private final HelmContext context;
  private final SourceFiles files;
  private final Map<Integer, HelmChart.Source> sources;
  private final Map<Path, TemplateSkeleton> skeletons = new ConcurrentHashMap<>();
  private final Map<Integer, TemplateNode> sectionByDocument = new ConcurrentHashMap<>();
  private volatile Map<String, TemplateNode> defines;

  HelmSourceMap(HelmChart chart, HelmContext context, SourceFiles files, Map<Integer, HelmChart.Source> sources) {
    this.chart = chart;
    this.context = context;
    this.files = files;
    this.sources = Map.copyOf(sources);
  }

  /** How far a template walk got: the deepest template node reached, and a location found beyond it. */
  private record Hit(TemplateNode node, int depth, Location resolved) {}

  /** What one lookup needs besides the path. */
  private record Walk(NodePath target, HelmValues values) {}

  @Override
  public Location locate(YamlDocument rendered, int start, int end) {
    NodePath path = NodePath.find(rendered.root(), start, end);
    if (path == null) {
      return null;
    }
    HelmChart.Source source = sources.get(rendered.index());
    TemplateSkeleton skeleton = source == null ? null : skeleton(source.file());
    if (skeleton == null) {
      return new Location(SourceFiles.key(chart.dir.resolve("Chart.yaml")), 0, 0, Origin.CHART, false);
    }
    Walk w = new Walk(path, new HelmValues(source.charts(), context.valuesFiles()));
    TemplateNode section = sectionByDocument.computeIfAbsent(rendered.index(), i -> section(rendered, skeleton));
    if (section == null) {
      return new Location(skeleton.file, 0, 0, Origin.ENCLOSING_KEY, false);
    }
    Hit best = walk(section, path.steps(), 0, w, 0);
    return toLocation(best, w);
  }

  /**
   * The section ({@code ---} document) of the template that rendered {@code rendered}: of those with
   * its {@code kind}, the one whose literal values agree most with it (a template may render two
   * Deployments, as the Online Boutique chart's cartservice and redis-cart).
   */
  private static TemplateNode section(YamlDocument rendered, TemplateSkeleton skeleton) {
    String kind = rendered.root() instanceof YMapping m ? m.string("kind") : null;
    List<TemplateNode> candidates = new ArrayList<>();
    for (TemplateNode s : skeleton.sections) {
      TemplateNode k = s.child("kind");
      if (k != null && kind != null && kind.equals(k.literal)) {
        candidates.add(s);
      }
    }
    if (candidates.isEmpty()) {
      candidates = skeleton.sections;
    }
    TemplateNode best = null;
    int bestScore = -1;
    for (TemplateNode s : candidates) {
      int score = candidates.size() == 1 ? 0 : agreement(rendered.root(), s);
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  /** How many literal key/value pairs of the template node are rendered as they are written under {@code r}. */
  private static int agreement(YNode r, TemplateNode t) {
    int score = 0;
    if (r instanceof YMapping m) {
      for (YEntry e : m.entries()) {
        int best = 0;
        for (TemplateNode c : t.children) {
          if (e.keyText() != null && e.keyText().equals(c.key)) {
            int here = (c.value == TemplateNode.Value.LITERAL && c.literal.equals(e.value().text()) ? 1 : 0) + agreement(e.value(), c);
            best = Math.max(best, here);
          }
        }
        score += best;
      }
    } else if (r instanceof YSequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        int best = 0;
        for (TemplateNode item : items(t, new NodePath.Step(null, i, seq.items().get(i)))) {
          best = Math.max(best, agreement(seq.items().get(i), item));
        }
        score += best;
      }
    }
    return score;
  }

  private Location toLocation(Hit hit, Walk w) {
    if (hit.resolved != null) {
      return hit.resolved;
    }
    NodePath path = w.target;
    TemplateNode n = hit.node;
    if (hit.depth == path.size() && n.column >= 0) {
      if (path.key()) {
        return new Location(n.file, n.start, n.end, Origin.TEMPLATE, true);
      }
      switch (n.value) {
        case LITERAL -> {
          return new Location(n.file, n.valueStart, n.valueEnd, Origin.TEMPLATE, n.literal.equals(path.text()));
        }
        case ACTION -> {
          List<String> ref = ValueRefs.resolve(n.valueAction.body(), n.dot);
          Location from = ref == null ? null : w.values.locate(ref, List.of(), path, files);
          // A list item has no key of its own: its template text stands for it.
          return n.key != null ? new Location(n.file, n.start, n.end, Origin.ENCLOSING_KEY, false, from)
              : new Location(n.file, n.valueStart, n.valueEnd, Origin.TEMPLATE, false, from);
        }
        case BLOCK_SCALAR -> {
          // The block's text is the template's, actions and all: placed on its indicator.
          return new Location(n.file, n.valueStart, n.valueEnd, Origin.TEMPLATE, false);
        }
        default -> {
          Hit injected = inject(n, path.steps(), path.size(), w, 0);
          if (injected != null && injected.resolved != null) {
            return injected.resolved;
          }
        }
      }
    }
    return enclosing(n);
  }

  /** The nearest literal key of the template at or above {@code n}; a section's {@code kind} (or first key) at the top. */
  private static Location enclosing(TemplateNode n) {
    if (n.column < 0) {
      TemplateNode k = n.child("kind");
      if (k == null && !n.children.isEmpty()) {
        k = n.children.get(0);
      }
      return k == null ? new Location(n.file, 0, 0, Origin.ENCLOSING_KEY, false) : new Location(k.file, k.start, k.end, Origin.ENCLOSING_KEY, false);
    }
    return new Location(n.file, n.start, n.end, Origin.ENCLOSING_KEY, false);
  }

  private Hit walk(TemplateNode n, List<NodePath.Step> steps, int i, Walk w, int includes) {
    if (i == steps.size()) {
      return new Hit(n, i, null);
    }
    Hit best = new Hit(n, i, null);
    NodePath.Step s = steps.get(i);
    List<TemplateNode> next = s.isKey() ? n.children.stream().filter(c -> s.key().equals(c.key)).toList() : items(n, s);
    for (TemplateNode c : next) {
      Hit h = walk(c, steps, i + 1, w, includes);
      if (h.depth > best.depth) {
        best = h;
      }
    }
    if (best.depth == i) {
      Hit injected = inject(n, steps, i, w, includes);
      if (injected != null) {
        return injected;
      }
    }
    return best;
  }

  /** What the actions rendering YAML under {@code n} give for the path from step {@code i} on, or null. */
  private Hit inject(TemplateNode n, List<NodePath.Step> steps, int i, Walk w, int includes) {
    for (TemplateNode.Injection inj : n.injections) {
      String name = inj.action().includes();
      if (name != null) {
        TemplateNode define = includes < MAX_INCLUDE_DEPTH ? defines().get(name) : null;
        if (define != null) {
          Hit h = walk(define, steps, i, w, includes + 1);
          if (h.depth > i || h.resolved != null) {
            return h;
          }
        }
        continue;
      }
      List<String> ref = ValueRefs.resolve(inj.action().body(), inj.dot());
      Location l = ref == null ? null : w.values.locate(ref, steps.subList(i, steps.size()), w.target, files);
      if (l != null) {
        return new Hit(n, steps.size(), l);
      }
    }
    return null;
  }

  /**
   * The template items that may stand for the rendered item of step {@code s}: those whose literal
   * {@code name} is the rendered item's, then the item at the same index, then the others.
   */
  private static List<TemplateNode> items(TemplateNode n, NodePath.Step s) {
    List<TemplateNode> items = n.items();
    List<TemplateNode> out = new ArrayList<>();
    String name = s.item() instanceof YMapping m ? m.string("name") : null;
    if (name != null) {
      for (TemplateNode item : items) {
        TemplateNode k = item.child("name");
        if (k != null && name.equals(k.literal)) {
          out.add(item);
        }
      }
    }
    if (s.index() < items.size() && !out.contains(items.get(s.index()))) {
      out.add(items.get(s.index()));
    }
    for (TemplateNode item : items) {
      if (!out.contains(item)) {
        out.add(item);
      }
    }
    return out;
  }

  private TemplateSkeleton skeleton(Path file) {
    Path key = SourceFiles.key(file);
    TemplateSkeleton s = skeletons.get(key);
    if (s == null) {
      String text = files.text(key);
      if (text == null) {
        return null;
      }
      s = TemplateSkeleton.parse(key, text);
      TemplateSkeleton first = skeletons.putIfAbsent(key, s);
      s = first != null ? first : s;
    }
    return s;
  }

  /**
   * Every named template of the chart and its subcharts: Helm loads the templates of the whole chart
   * tree into one set, so any of them may {@code include} a {@code define} of any other.
   */
  private Map<String, TemplateNode> defines() {
    Map<String, TemplateNode> d = defines;
    if (d == null) {
      Map<String, TemplateNode> all = new HashMap<>();
      try (Stream<Path> walk = Files.walk(chart.dir)) {
        for (Path f : walk.filter(Files::isRegularFile).filter(HelmSourceMap::inTemplates).sorted().toList()) {
          TemplateSkeleton s = skeleton(f);
          if (s != null) {
            s.defines.forEach(all::putIfAbsent);
          }
        }
      } catch (IOException | RuntimeException e) {
        // An unreadable folder: the named templates found so far are used.
      }
      d = Map.copyOf(all);
      defines = d;
    }
    return d;
  }

  private static boolean inTemplates(Path f) {
    for (Path p = f.getParent(); p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals("templates")) {
        return true;
      }
    }
    return false;
  }
}
