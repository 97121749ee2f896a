package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the deployment contexts of a workspace (DESIGN §9) from its files and the configuration:
 *
 * <ul>
 *   <li>a folder with {@code Chart.yaml} is a chart; charts under another chart's {@code charts/} are its
 *       subcharts, rendered with it and never on their own; each release configured for a chart in
 *       {@code helm.releases} is a context, else the chart's default release;
 *   <li>a folder with {@code kustomization.yaml}, {@code kustomization.yml} or {@code Kustomization} is a
 *       kustomization; one that no other kustomization includes ({@code resources}, {@code bases},
 *       {@code components}) is an entry, and each entry is a context;
 *   <li>the other manifests are plain: in the first declared context whose {@code paths} match them,
 *       else in the workspace's plain context.
 * </ul>
 *
 * Paths of the configuration (release charts and values files, declared globs) are relative to the
 * base folder given to {@link #discover}: the folder of the configuration file, or the workspace root.
 */
public final class ContextDiscovery {
  private final ContextSettings settings;
  private final SourceFiles files;
  private final Map<String, PathMatcher> matchers = new HashMap<>();

  public ContextDiscovery(ContextSettings settings, SourceFiles files) {
    this.settings = settings;
    this.files = files;
  }

  /** The contexts of {@code workspaceFiles} (every indexed file: manifests, kustomizations, Chart.yaml). */
  public Contexts discover(Path base, Collection<Path> workspaceFiles) {
    Path root = SourceFiles.key(base);
    Set<Path> all = new TreeSet<>();
    for (Path p : workspaceFiles) {
      all.add(SourceFiles.key(p));
    }
    List<Contexts.Problem> problems = new ArrayList<>();
    List<DeploymentContext> rendered = new ArrayList<>();
    Set<Path> chartDirs = charts(all);
    rendered.addAll(helmContexts(root, all, chartDirs, problems));
    rendered.addAll(kustomizeContexts(root, all, chartDirs));

    Set<Path> used = new HashSet<>();
    rendered.forEach(c -> used.addAll(c.files()));
    Map<DeclaredContext, Set<Path>> declaredFiles = new LinkedHashMap<>();
    settings.declared().forEach(d -> declaredFiles.put(d, new TreeSet<>()));
    Set<Path> plainFiles = new TreeSet<>();
    for (Path f : all) {
      if (used.contains(f) || !isManifest(f)) {
        continue;
      }
      DeclaredContext d = declaredFor(root, f);
      (d == null ? plainFiles : declaredFiles.get(d)).add(f);
    }
    List<PlainContext> declared = new ArrayList<>();
    declaredFiles.forEach((d, fs) -> declared.add(new PlainContext(fs, d)));
    return new Contexts(rendered, declared, new PlainContext(plainFiles, null), problems, templatesWithoutChart(all, chartDirs));
  }

  /** A file that could hold objects: a {@code .yaml}/{@code .yml} that is not a chart, kustomization or configuration file. */
  static boolean isManifest(Path f) {
    String n = f.getFileName().toString();
    return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.equals("Chart.yaml") && !n.startsWith(".meshprobe.")
        && !Kustomization.isKustomizationFile(f);
  }

  /** Folders of every {@code Chart.yaml}, subcharts included. */
  private static Set<Path> charts(Set<Path> all) {
    Set<Path> out = new TreeSet<>();
    for (Path f : all) {
      if (f.getFileName().toString().equals("Chart.yaml")) {
        out.add(f.getParent());
      }
    }
    return out;
  }

  /** The chart a path is inside, the outermost one (a subchart's files belong to its parent's render). */
  private static Path outermostChart(Path p, Set<Path> chartDirs) {
    Path found = null;
    for (Path d = p; d != null; d = d.getParent()) {
      if (chartDirs.contains(d)) {
        found = d;
      }
    }
    return found;
  }

  private List<HelmContext> helmContexts(Path root, Set<Path> all, Set<Path> chartDirs, List<Contexts.Problem> problems) {
    Map<Path, List<Integer>> releasesByChart = new LinkedHashMap<>();
    List<HelmRelease> releases = settings.releases();
    for (int i = 0; i < releases.size(); i++) {
      HelmRelease r = releases.get(i);
      Path chart = root.resolve(r.chart()).normalize();
      if (!chartDirs.contains(chart) && files.text(chart.resolve("Chart.yaml")) == null) {
        problems.add(new Contexts.Problem(r.at("helm.releases[" + i + "]") + ".chart", r.chart() + " holds no Chart.yaml, so release "
            + r.name() + " cannot be rendered"));
        continue;
      }
      for (int v = 0; v < r.values().size(); v++) {
        if (files.text(root.resolve(r.values().get(v))) == null) {
          problems.add(new Contexts.Problem(r.at("helm.releases[" + i + "]") + ".values[" + v + "]", "values file " + r.values().get(v)
              + " of release " + r.name() + " cannot be read"));
        }
      }
      releasesByChart.computeIfAbsent(chart, k -> new ArrayList<>()).add(i);
    }
    List<HelmContext> out = new ArrayList<>();
    for (Path chart : chartDirs) {
      Path outer = outermostChart(chart, chartDirs);
      boolean subchart = !outer.equals(chart);
      List<Integer> configured = releasesByChart.getOrDefault(chart, List.of());
      if (subchart && configured.isEmpty()) {
        continue;
      }
      Set<Path> chartFiles = new TreeSet<>();
      for (Path f : all) {
        if (f.startsWith(chart)) {
          chartFiles.add(f);
        }
      }
      String label = label(root, chart);
      DeclaredContext declared = declaredFor(root, chart.resolve("Chart.yaml"));
      if (configured.isEmpty()) {
        out.add(new HelmContext(chart, label, HelmContext.DEFAULT_RELEASE, Setting.ofDefault("default"), List.of(), chartFiles,
            declared, false));
      }
      for (int i : configured) {
        HelmRelease r = releases.get(i);
        List<Path> values = r.values().stream().map(v -> root.resolve(v).normalize()).toList();
        Set<Path> withValues = new TreeSet<>(chartFiles);
        withValues.addAll(values);
        Setting<String> ns = r.namespace() == null ? Setting.ofDefault("default") : new Setting<>(r.namespace(), r.source());
        out.add(new HelmContext(chart, label, r.name(), ns, values, withValues, declared, true));
      }
    }
    return out;
  }

  private List<KustomizeContext> kustomizeContexts(Path root, Set<Path> all, Set<Path> chartDirs) {
    Map<Path, Kustomization> byDir = new LinkedHashMap<>();
    for (Path f : all) {
      if (Kustomization.isKustomizationFile(f) && !byDir.containsKey(f.getParent())
          && f.equals(Kustomization.fileIn(f.getParent(), files))) {
        byDir.put(f.getParent(), Kustomization.read(f, files));
      }
    }
    Set<Path> referenced = new HashSet<>();
    for (Kustomization k : byDir.values()) {
      referenced.addAll(k.referencedFolders(files));
    }
    List<KustomizeContext> out = new ArrayList<>();
    for (Kustomization k : byDir.values()) {
      if (referenced.contains(k.dir) || isComponent(k)) {
        continue;
      }
      KustomizeTree tree = new KustomizeTree(k.file, files);
      Set<Path> used = new LinkedHashSet<>(tree.usedFiles());
      out.add(new KustomizeContext(label(root, k.dir), k.file, used, tree.patchFiles(), declaredFor(root, k.file)));
    }
    return out;
  }

  /** A {@code kind: Component} is applied only through the kustomizations that list it, never built alone. */
  private static boolean isComponent(Kustomization k) {
    return k.root != null && "Component".equals(k.root.string("kind"));
  }

  private static String label(Path root, Path dir) {
    if (dir.startsWith(root) && !dir.equals(root)) {
      return root.relativize(dir).toString().replace('\\', '/');
    }
    return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
  }

  private DeclaredContext declaredFor(Path root, Path file) {
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    for (DeclaredContext d : settings.declared()) {
      for (String glob : d.paths()) {
        PathMatcher m = matchers.computeIfAbsent(glob, g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
        if (m.matches(rel)) {
          return d;
        }
      }
    }
    return null;
  }

  /** Parents of {@code templates/} folders outside any chart whose files hold Go template actions. */
  private List<Path> templatesWithoutChart(Set<Path> all, Set<Path> chartDirs) {
    Set<Path> out = new TreeSet<>();
    for (Path f : all) {
      Path dir = f.getParent();
      if (dir == null || dir.getFileName() == null || !dir.getFileName().toString().equals("templates") || dir.getParent() == null
          || outermostChart(f, chartDirs) != null || out.contains(dir.getParent())) {
        continue;
      }
      String text = files.text(f);
      if (text != null && text.contains("{{") && !Files.isRegularFile(dir.getParent().resolve("Chart.yaml"))) {
        out.add(dir.getParent());
      }
    }
    return List.copyOf(out);
  }
}
