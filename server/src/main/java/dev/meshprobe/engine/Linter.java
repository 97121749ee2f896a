package dev.meshprobe.engine;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.rules.FileNotAnalysedRule;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs the rules over one file against the mesh index of the workspace, and keeps what it found: a
 * document's findings until the {@link FindingsClock} says a mesh change may have moved them, the
 * workspace-wide findings until the index or the workloads change. Then configuration (severities,
 * rules turned off) and suppressions are applied.
 */
final class Linter {
  private final Layout layout;
  private final Log log;
  private final FindingsClock clock;
  private final Supplier<MeshIndex> meshIndex;
  private final LongSupplier meshVersion;
  private final LongSupplier workloadsVersion;
  private final Map<Config, WorkspaceFindings> workspaceFindings = new IdentityHashMap<>();
  private List<Rule> rules = Rules.all();

  private record WorkspaceFindings(long meshVersion, long workloadsVersion, Map<String, List<Finding>> byFile) {}

  Linter(Layout layout, Log log, FindingsClock clock, Supplier<MeshIndex> meshIndex, LongSupplier meshVersion,
      LongSupplier workloadsVersion) {
    this.layout = layout;
    this.log = log;
    this.clock = clock;
    this.meshIndex = meshIndex;
    this.meshVersion = meshVersion;
    this.workloadsVersion = workloadsVersion;
  }

  void useRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Findings of a file's full state, configured, suppressed and sorted. */
  List<Finding> lint(FileState f) {
    return lint(f, List.of());
  }

  /**
   * Findings of a file's full state and {@code extra} findings decided elsewhere that land in it (those of
   * the deployment contexts that render it, configuration problems found by their discovery),
   * configured, suppressed and sorted. A Helm template gets only the extra ones: it is no manifest.
   */
  List<Finding> lint(FileState f, List<Finding> extra) {
    Config cfg = f.config;
    if (Layout.isConfigName(f.path)) {
      // A configuration that cannot be read (not UTF-8, binary, too large) leaves the defaults in force: say so.
      if (f.notRead != null) {
        return List.of(Rules.get(FileNotAnalysedRule.class).notRead(f.key, f.notRead + ", so its settings are not used"));
      }
      List<Finding> out = new ArrayList<>(layout.configProblems(f.path));
      out.addAll(extra);
      return out;
    }
    if ((f.template && extra.isEmpty()) || layout.isIgnoredPath(f.path, cfg)) {
      return List.of();
    }
    List<Finding> raw = new ArrayList<>(extra);
    if (f.template) {
      // Nothing of a template's own text is linted: only what its contexts found in it.
    } else if (f.notRead != null) {
      raw.add(Rules.get(FileNotAnalysedRule.class).notRead(f.key, f.notRead));
    } else {
      MeshModel mesh = new MeshModel(meshIndex.get(), cfg.mesh());
      for (Rule rule : rules) {
        guard(rule, () -> rule.checkFile(f.key, f.yaml, raw::add));
      }
      for (DocState d : f.documents) {
        if (d.findingsConfig != cfg || clock.stale(d)) {
          d.findings = documentFindings(f.key, d, mesh);
          d.findingsStamp = clock.now();
          d.findingsConfig = cfg;
        }
        raw.addAll(d.findings);
      }
      raw.addAll(workspaceFindings(cfg, mesh).getOrDefault(f.key, List.of()));
      for (Rule rule : rules) {
        if (rule.answersPerFile()) {
          guard(rule, () -> rule.checkWorkspace(mesh, f.key, raw::add));
        }
      }
    }
    List<Finding> configured = new ArrayList<>(raw.size());
    for (Finding x : raw) {
      if (cfg.isOff(x.rule())) {
        continue;
      }
      Severity s = cfg.severityOf(x.rule());
      configured.add(s == null ? x : x.withSeverity(x.assumed() ? s.milder() : s));
    }
    List<Finding> out = Suppressions.apply(f, configured, cfg, layout);
    out.sort(Comparator.comparingInt((Finding x) -> x.where().start()).thenComparing(Finding::rule));
    return out;
  }

  private List<Finding> documentFindings(String file, DocState d, MeshModel mesh) {
    List<Finding> out = new ArrayList<>();
    Consumer<Finding> sink = out::add;
    for (Rule rule : rules) {
      guard(rule, () -> rule.checkDocument(file, d.anchor, d.document, sink));
    }
    out.addAll(objectFindings(d.resources(), d.workloads(), mesh));
    return List.copyOf(out);
  }

  /**
   * What the resource, workload and probe rules find in these objects, decided with {@code mesh} (and
   * each of its alternatives where there are some): a document's objects, or a rendered context's.
   */
  List<Finding> objectFindings(List<Resource> resources, List<Workload> workloads, MeshModel mesh) {
    List<Finding> out = new ArrayList<>();
    Consumer<Finding> sink = out::add;
    for (Resource r : resources) {
      for (Rule rule : rules) {
        guard(rule, () -> rule.checkResource(r, mesh, sink));
      }
    }
    for (Workload w : workloads) {
      List<MeshModel> alternatives = mesh.alternatives(w);
      if (alternatives.isEmpty()) {
        checkWorkload(w, mesh, sink);
      } else {
        out.addAll(Alternatives.findings(w, mesh, alternatives, this::checkWorkload));
      }
    }
    return out;
  }

  /** What the rules over a whole set of objects find in {@code mesh}'s index (a rendered context's). */
  List<Finding> workspaceRuleFindings(MeshModel mesh) {
    List<Finding> out = new ArrayList<>();
    for (Rule rule : rules) {
      guard(rule, () -> rule.checkWorkspace(mesh, out::add));
    }
    return out;
  }

  /** Runs the workload and probe rules over one workload, decided with {@code mesh}. */
  private void checkWorkload(Workload w, MeshModel mesh, Consumer<Finding> sink) {
    for (Rule rule : rules) {
      guard(rule, () -> rule.checkWorkload(w, mesh, sink));
    }
    for (var c : w.pod().containers()) {
      for (var p : c.probes()) {
        var verdict = mesh.verdict(p);
        for (Rule rule : rules) {
          guard(rule, () -> rule.checkProbe(verdict, mesh, sink));
        }
      }
    }
  }

  /**
   * The findings of the workspace rules that cannot answer for one file, by file, kept until the mesh
   * index or the workloads change; the others answer for the file being linted ({@link Rule#answersPerFile}).
   */
  private Map<String, List<Finding>> workspaceFindings(Config cfg, MeshModel mesh) {
    long meshV = meshVersion.getAsLong();
    long workloadsV = workloadsVersion.getAsLong();
    WorkspaceFindings cached = workspaceFindings.get(cfg);
    if (cached != null && cached.meshVersion == meshV && cached.workloadsVersion == workloadsV) {
      return cached.byFile;
    }
    Map<String, List<Finding>> byFile = new HashMap<>();
    for (Rule rule : rules) {
      if (!rule.answersPerFile()) {
        guard(rule, () -> rule.checkWorkspace(mesh, x -> byFile.computeIfAbsent(x.where().file(), k -> new ArrayList<>()).add(x)));
      }
    }
    workspaceFindings.put(cfg, new WorkspaceFindings(meshV, workloadsV, byFile));
    return byFile;
  }

  /** The files that rules over the whole workspace report on, under {@code cfg}. */
  Set<String> filesWithWorkspaceFindings(Config cfg) {
    MeshModel mesh = new MeshModel(meshIndex.get(), cfg.mesh());
    Set<String> files = new java.util.HashSet<>(workspaceFindings(cfg, mesh).keySet());
    for (Rule rule : rules) {
      if (rule.answersPerFile()) {
        guard(rule, () -> rule.checkWorkspace(mesh, x -> files.add(x.where().file())));
      }
    }
    return files;
  }

  /** Runs one rule; an exception in it is logged and the other rules still report. */
  private void guard(Rule rule, Runnable check) {
    try {
      check.run();
    } catch (RuntimeException | StackOverflowError e) {
      log.warn("rule " + rule.id() + " failed", e);
    }
  }
}
