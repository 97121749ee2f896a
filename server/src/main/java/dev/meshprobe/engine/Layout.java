package dev.meshprobe.engine;

import dev.meshprobe.context.DeclaredContext;
import dev.meshprobe.k8s.NamespaceSource;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the folder structure of a workspace means: which {@code .meshprobe.yaml} governs a file (the
 * nearest one from its folder up to the workspace root), the namespace a {@code kustomization.yaml}
 * gives it, whether it is a Helm chart template, and which paths are ignored. Configuration layers
 * (file &lt; editor settings &lt; flags) are combined here.
 */
public final class Layout {
  /** Go's name for the folders of test inputs, which are not indexed unless configuration includes them. */
  static final String TESTDATA = "testdata";

  private final List<Path> roots;
  /** The folders roots stand for: a root that is a file stands for its folder. */
  private final List<Path> scopes;
  private final Function<Path, String> reader;
  private Map<String, Object> editorSettings;
  private Map<String, Object> overrides;
  private Path explicitConfig;

  private final Map<Path, Config> configByDir = new HashMap<>();
  private final Map<Path, Path> configFileByDir = new HashMap<>();
  private final Map<Path, List<Finding>> configProblems = new HashMap<>();
  private final Map<Path, String[]> kustomizeByDir = new HashMap<>();
  private final Map<Path, Boolean> helmByDir = new HashMap<>();
  private final Map<String, PathMatcher> globs = new HashMap<>();
  private final List<String> settingsProblems = new ArrayList<>();
  /** Configurations with the Istio version of a declared context put in, by the configuration and the context. */
  private final Map<Config, Map<DeclaredContext, Config>> declaredVersions = new java.util.IdentityHashMap<>();
  /** Files a rendered deployment context uses, which are not linted as plain manifests (DESIGN §9). */
  private java.util.function.Predicate<Path> claimed = p -> false;

  Layout(List<Path> roots, Function<Path, String> reader) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.scopes = this.roots.stream().map(p -> Files.isRegularFile(p) && p.getParent() != null ? p.getParent() : p).toList();
    this.reader = reader;
  }

  public List<Path> roots() {
    return roots;
  }

  /** The configuration of the workspace as a whole: that of its first folder, else of the working directory. */
  public Config workspaceConfig() {
    Path dir = scopes.isEmpty() ? Path.of("").toAbsolutePath() : scopes.get(0);
    return configForFolder(dir);
  }

  void setEditorSettings(Map<String, Object> settings) {
    this.editorSettings = settings;
  }

  void setOverrides(Map<String, Object> overrides) {
    this.overrides = overrides;
  }

  void setExplicitConfig(Path file) {
    this.explicitConfig = file == null ? null : file.toAbsolutePath().normalize();
  }

  /** The configuration file that governs every folder ({@code --config}), or null. */
  Path explicitConfig() {
    return explicitConfig;
  }

  void invalidate() {
    declaredVersions.clear();
    configByDir.clear();
    configFileByDir.clear();
    configProblems.clear();
    kustomizeByDir.clear();
    helmByDir.clear();
  }

  static boolean isConfigName(Path p) {
    return p.getFileName() != null && p.getFileName().toString().equals(ConfigFile.NAME);
  }

  static boolean isKustomizationName(Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString();
    return n.equals("kustomization.yaml") || n.equals("kustomization.yml") || n.equals("Kustomization");
  }

  /** The workspace root that holds {@code p}, or null. */
  Path rootOf(Path p) {
    Path best = null;
    for (Path r : scopes) {
      if (p.startsWith(r) && (best == null || r.getNameCount() > best.getNameCount())) {
        best = r;
      }
    }
    return best;
  }

  boolean isInside(Path p) {
    return rootOf(p) != null;
  }

  /** True when {@code p}, with symbolic links resolved, is inside a workspace folder (resolved too). */
  boolean isInsideResolved(Path p) {
    try {
      Path real = p.toRealPath();
      for (Path scope : scopes) {
        if (real.startsWith(scope.toRealPath())) {
          return true;
        }
      }
    } catch (IOException e) {
      // Gone or unreadable: not a file of the workspace.
    }
    return false;
  }

  /**
   * The configuration in force for a file: its folder's, with the Istio version of the declared context
   * that holds the file (DESIGN §9) unless editor settings or flags set one.
   */
  public Config configFor(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir == null) {
      return Config.DEFAULT;
    }
    Config c = configForFolder(dir);
    if (c.contexts().declared().stream().noneMatch(d -> d.istio() != null)) {
      return c;
    }
    DeclaredContext d = declaredContext(abs, c);
    String source = c.mesh().version().source();
    if (d == null || d.istio() == null || source != null && LATER_LAYERS.contains(source)) {
      return c;
    }
    return declaredVersions.computeIfAbsent(c, k -> new HashMap<>()).computeIfAbsent(d, k -> withVersion(c, k));
  }

  /** Layers that win over anything a configuration file says, a declared context's version included. */
  private static final List<String> LATER_LAYERS = List.of(ConfigBuilder.EDITOR_SETTINGS, ConfigBuilder.FLAGS);

  private static Config withVersion(Config c, DeclaredContext d) {
    var m = c.mesh();
    var version = new dev.meshprobe.mesh.Setting<>(d.istio(), "context " + d.name() + " in " + d.source());
    return new Config(new dev.meshprobe.mesh.MeshSettings(version, m.rootNamespace(), m.rewriteAppHTTPProbe(), m.mtls(),
        m.assumeInjected(), m.declaredNamespaces()), c.defaultNamespace(), c.ruleSeverities(), c.ignores(), c.limits(), c.includes(),
        c.contexts());
  }

  /** Says which files a rendered deployment context uses: those are linted through it only. */
  void claims(java.util.function.Predicate<Path> which) {
    this.claimed = which;
  }

  /** True for a file a rendered deployment context uses: it is not linted as a plain manifest, and gives no plain objects. */
  boolean claimed(Path file) {
    return claimed.test(file);
  }

  /** The folder deployment contexts are discovered from and configured paths are relative to: the first workspace folder. */
  Path base() {
    return scopes.isEmpty() ? Path.of("").toAbsolutePath() : scopes.get(0);
  }

  /** The {@code .meshprobe.yaml} of the workspace as a whole (the explicit one, else the nearest above the first folder), or null. */
  Path workspaceConfigFile() {
    return explicitConfig != null ? explicitConfig : findUp(base(), ConfigFile.NAME);
  }

  /**
   * The configuration in force for the files of a folder; for the workspace as a whole (the version
   * a status line or a report names), that of the first workspace folder.
   */
  public Config configForFolder(Path dir) {
    Config c = configByDir.get(dir);
    if (c == null) {
      c = buildConfig(dir);
      configByDir.put(dir, c);
    }
    return c;
  }

  private Config buildConfig(Path dir) {
    ConfigBuilder b = new ConfigBuilder(Config.DEFAULT);
    Path cfgFile = explicitConfig != null ? explicitConfig : findUp(dir, ConfigFile.NAME);
    if (cfgFile != null) {
      String text = reader.apply(cfgFile);
      if (text != null) {
        List<Finding> problems = ConfigFile.parse(cfgFile, text).applyTo(b);
        configProblems.putIfAbsent(cfgFile, problems);
      }
    }
    settingsProblems.clear();
    b.apply(editorSettings, ConfigBuilder.EDITOR_SETTINGS, (path, message) -> settingsProblems.add("editor settings " + path + ": " + message));
    b.apply(overrides, ConfigBuilder.FLAGS, (path, message) -> settingsProblems.add("flag for " + path + ": " + message));
    return b.build();
  }

  List<String> settingsProblems() {
    return List.copyOf(settingsProblems);
  }

  /** Findings of a configuration file (it must have been used by some file's configuration). */
  List<Finding> configProblems(Path cfgFile) {
    if (!configProblems.containsKey(cfgFile)) {
      String text = reader.apply(cfgFile);
      if (text == null) {
        return List.of();
      }
      configProblems.put(cfgFile, ConfigFile.parse(cfgFile, text).applyTo(new ConfigBuilder(Config.DEFAULT)));
    }
    return configProblems.get(cfgFile);
  }

  /** The nearest file named {@code name} from {@code dir} up to its workspace root (or {@code dir} alone outside one). */
  private Path findUp(Path dir, String name) {
    Path root = rootOf(dir);
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve(name);
      if (reader.apply(candidate) != null) {
        return candidate;
      }
      if (root == null || d.equals(root)) {
        break;
      }
    }
    return null;
  }

  /**
   * The namespace of the objects of a file that do not set one, where it comes from, and the context the
   * file is decided in: a kustomization's {@code namespace:} in the file's folder or above (context), else
   * the namespace of the declared context that holds the file, else {@code defaultNamespace} (configured),
   * else {@code default} (assumed, shared only within the file's folder and those below it).
   */
  NamespaceDefault defaultNamespace(Path file, Config cfg) {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    String folder = dir == null ? "" : dir.toString();
    DeclaredContext declared = declaredContext(abs, cfg);
    String context = declared != null ? declared.name() : testdataContext(abs, cfg);
    String[] k = dir == null ? null : kustomizeNamespace(dir);
    if (k != null) {
      return new NamespaceDefault(k[0], new NamespaceSource(NamespaceSource.Kind.CONTEXT, "namespace in " + k[1], folder, context));
    }
    if (declared != null && declared.namespace() != null) {
      return new NamespaceDefault(declared.namespace(), new NamespaceSource(NamespaceSource.Kind.CONFIGURED,
          "namespace of context " + declared.name() + " in " + declared.source(), folder, context));
    }
    if (cfg.defaultNamespace().isConfigured()) {
      return new NamespaceDefault(cfg.defaultNamespace().value(), new NamespaceSource(NamespaceSource.Kind.CONFIGURED,
          "defaultNamespace in " + cfg.defaultNamespace().source(), folder, context));
    }
    return new NamespaceDefault(cfg.defaultNamespace().value(), new NamespaceSource(NamespaceSource.Kind.ASSUMED, null, folder, context));
  }

  /** The first context declared in the configuration whose paths hold the file, or null. */
  private DeclaredContext declaredContext(Path file, Config cfg) {
    for (DeclaredContext c : cfg.contexts().declared()) {
      for (String glob : c.paths()) {
        if (matches(glob, file)) {
          return c;
        }
      }
    }
    return null;
  }

  /**
   * For a file in a {@code testdata} folder that the walk of its workspace folder leaves out (and that
   * the editor opened all the same), a context of its own, named after that folder: what it holds
   * decides nothing outside it (DESIGN §9). Null for every other file.
   */
  private String testdataContext(Path file, Config cfg) {
    Path testdata = testdataFolder(file);
    return testdata == null || isIncluded(file, cfg) ? null : "testdata " + testdata;
  }

  /**
   * The outermost folder named {@code testdata} between the file's workspace folder and the file (Go's
   * convention for test inputs, which the walk of a folder skips), or null. A workspace folder that is
   * itself in a testdata folder, or a file named on its own, was asked for: nothing in it is left out.
   */
  Path testdataFolder(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path root = rootOf(abs);
    if (root == null) {
      return null;
    }
    Path dir = abs.getParent();
    for (int i = root.getNameCount(); dir != null && i < dir.getNameCount(); i++) {
      if (dir.getName(i).toString().equals(TESTDATA)) {
        return root.resolve(dir.subpath(root.getNameCount(), i + 1));
      }
    }
    return null;
  }

  /** True when an {@code include:} glob of the configuration takes the file into the walk. */
  private boolean isIncluded(Path file, Config cfg) {
    for (String glob : cfg.includes()) {
      if (matches(glob, file)) {
        return true;
      }
    }
    return false;
  }

  /** True for a file the walk of its workspace folder leaves out: in a testdata folder, and not included. */
  boolean isLeftOut(Path file, Config cfg) {
    return testdataFolder(file) != null && !isIncluded(file, cfg);
  }

  private String[] kustomizeNamespace(Path dir) {
    if (kustomizeByDir.containsKey(dir)) {
      return kustomizeByDir.get(dir);
    }
    String[] found = null;
    for (String name : new String[] {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
      Path k = dir.resolve(name);
      String text = reader.apply(k);
      if (text != null) {
        for (YamlDocument d : new YamlParser().parse(text).documents()) {
          if (d.root() instanceof YMapping m && m.string("namespace") != null && !m.string("namespace").isEmpty()) {
            found = new String[] {m.string("namespace"), "namespace in " + k};
            break;
          }
        }
        break;
      }
    }
    Path root = rootOf(dir);
    if (found == null && dir.getParent() != null && root != null && !dir.equals(root)) {
      found = kustomizeNamespace(dir.getParent());
    }
    kustomizeByDir.put(dir, found);
    return found;
  }

  /** Files under a {@code templates/} folder next to a {@code Chart.yaml} are Helm templates, not manifests. */
  public boolean isHelmTemplate(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    if (dir == null) {
      return false;
    }
    Boolean cached = helmByDir.get(dir);
    if (cached != null) {
      return cached;
    }
    boolean helm = false;
    for (Path d = dir; d != null && d.getParent() != null; d = d.getParent()) {
      if (d.getFileName().toString().equals("templates")
          && (Files.isRegularFile(d.getParent().resolve("Chart.yaml")) || reader.apply(d.getParent().resolve("Chart.yaml")) != null)) {
        helm = true;
        break;
      }
    }
    helmByDir.put(dir, helm);
    return helm;
  }

  /**
   * True for a file inside a Helm chart: a folder from the file's up to its workspace root holds a
   * {@code Chart.yaml}. A chart's files are rendered by Helm (DESIGN §9), never applied as they are.
   */
  boolean inChart(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path root = rootOf(abs);
    for (Path d = abs.getParent(); d != null; d = d.getParent()) {
      Path chart = d.resolve("Chart.yaml");
      if (Files.isRegularFile(chart) || reader.apply(chart) != null) {
        return true;
      }
      if (root == null || d.equals(root)) {
        break;
      }
    }
    return false;
  }

  /** True for a file somewhere under a folder named {@code templates}. */
  boolean inTemplatesFolder(Path file) {
    for (Path d = file.toAbsolutePath().normalize().getParent(); d != null && d.getFileName() != null; d = d.getParent()) {
      if (d.getFileName().toString().equals("templates")) {
        return true;
      }
    }
    return false;
  }

  /** True when an {@code ignore:} entry with only a path matches the file. */
  boolean isIgnoredPath(Path file, Config cfg) {
    for (Config.IgnoreEntry e : cfg.ignores()) {
      if (e.skipsWholeFile() && matches(e.path(), file)) {
        return true;
      }
    }
    return false;
  }

  /** Matches a glob against the file's path relative to its workspace root (or the working directory). */
  boolean matches(String glob, Path file) {
    Path root = rootOf(file);
    Path rel = root != null ? root.relativize(file.toAbsolutePath().normalize()) : file;
    PathMatcher m = globs.computeIfAbsent(glob, g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    return m.matches(rel) || m.matches(file);
  }

  /** A folder the walk does not enter: hidden folders ({@code .git}, {@code .github}, ...) and {@code node_modules}. */
  static boolean isSkippedFolder(Path dir) {
    String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
    return n.startsWith(".") || n.equals("node_modules");
  }

  /** A name the walk reads: a manifest, a configuration or a kustomization file. */
  private static boolean isWalkedName(Path file) {
    return Workspace.isManifestName(file) || isConfigName(file) || isKustomizationName(file);
  }

  /**
   * True for a file, found under a workspace folder, that the walk reads: a name it reads, not ignored,
   * not in a {@code testdata} folder that no {@code include:} takes. A configuration is read even when
   * its own {@code ignore:} matches it: it governs its folder all the same, so its problems are reported.
   */
  private boolean reads(Path abs) {
    Config cfg = configFor(abs);
    return isWalkedName(abs) && (isConfigName(abs) || !isIgnoredPath(abs, cfg)) && !isLeftOut(abs, cfg);
  }

  /**
   * True when {@link #walk} would read {@code file} (as it is named under a workspace folder): a
   * workspace root that is this file, or a file the walk reads under a folder root, reached through no
   * folder that the walk skips or that is a symbolic link (the walk does not follow those). File
   * watcher events go through it, so the workspace holds the files a fresh walk finds and no others.
   */
  boolean walks(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    for (Path root : roots) {
      if (abs.equals(root)) {
        return true;
      }
      if (!abs.startsWith(root) || Files.isRegularFile(root)) {
        continue;
      }
      boolean reached = true;
      for (Path dir = abs.getParent(); reached && dir != null && !dir.equals(root); dir = dir.getParent()) {
        reached = !isSkippedFolder(dir) && !Files.isSymbolicLink(dir);
      }
      if (reached && reads(abs)) {
        return true;
      }
    }
    return false;
  }

  /** A file the walk could not read: said, unless it was deleted while the walk ran (its watcher event follows). */
  static void cannotRead(Path file, IOException e, Log log) {
    if (!(e instanceof java.nio.file.NoSuchFileException)) {
      log.warn("cannot read " + file, e);
    }
  }

  /**
   * Every manifest and configuration file under the roots: hidden folders are skipped, symbolic links
   * are not followed out of the workspace, and ignored paths are left out, as are {@code testdata}
   * folders below a root unless an {@code include:} glob takes their files.
   */
  List<Path> walk(Log log) {
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        out.add(root);
        continue;
      }
      try {
        // A folder opened through a link is walked at its target; files keep the names the client uses.
        Path start = Files.isSymbolicLink(root) ? root.toRealPath() : root;
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(start) && isSkippedFolder(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!dir.equals(start) && dir.getFileName().toString().equals(TESTDATA) && configForFolder(root.resolve(start.relativize(dir))).includes().isEmpty()) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!isWalkedName(file)) {
              return FileVisitResult.CONTINUE;
            }
            if (attrs.isSymbolicLink()) {
              try {
                if (!file.toRealPath().startsWith(root.toRealPath())) {
                  return FileVisitResult.CONTINUE;
                }
              } catch (IOException e) {
                return FileVisitResult.CONTINUE;
              }
            } else if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            Path abs = root.resolve(start.relativize(file)).toAbsolutePath().normalize();
            if (reads(abs)) {
              out.add(abs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            cannotRead(file, exc, log);
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        log.warn("cannot walk " + root, e);
      }
    }
    out.sort(null);
    return out;
  }
}
