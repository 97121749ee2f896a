package dev.meshprobe.cli;

import dev.meshprobe.Version;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.mesh.MtlsMode;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.text.SourceText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code meshprobe check}: lints files and folders with the same engine and the same cross-file
 * context as the language server, reports in one of five formats, holds the findings against a
 * {@link Baseline} or writes one, and with {@code --workspace} judges some files in the context of a
 * whole folder (the pre-commit hook). Exit 0 when nothing (new) at or above {@code --fail-on} was
 * found, 1 when something was, 2 on a usage or I/O error.
 */
public final class CheckCommand {
  static final String USAGE = """
      Usage: meshprobe check [--format text|json|sarif|github|gitlab] [--brief] [--config FILE] [--istio-version V]
                             [--mtls STRICT|PERMISSIVE|DISABLE] [--fail-on error|warning|info|never]
                             [--baseline FILE] [--write-baseline FILE] [--workspace DIR]... PATH...

      Lints Kubernetes manifests (.yaml, .yml) in the given files and folders for probes that Istio
      mutual TLS breaks. All paths form one workspace: a PeerAuthentication in one file decides the
      findings of another. The text format prints the facts behind each finding as indented lines
      under it; --brief prints one line per finding.

        --format github       GitHub Actions annotations (workflow commands)
        --format gitlab       GitLab Code Quality report (JSON)
        --baseline FILE       report only findings that FILE does not list; entries that match
                              nothing are reported as fixed
        --write-baseline FILE write every finding to FILE as the baseline, report nothing, exit 0
        --workspace DIR       lint DIR as the workspace (its files decide the verdicts) but report only
                              findings in PATH... or decided by a file in PATH... (pre-commit hook)

      Exit status: 0 nothing at or above --fail-on (default warning), 1 findings, 2 usage or I/O error.
      With --baseline, only the new findings count.
      """;

  /** Parsed options shared with {@code fix}. */
  record Options(String format, Path config, String istioVersion, String mtls, String failOn, List<Path> paths, List<String> rules, boolean write,
      boolean brief, Path baseline, Path writeBaseline, List<Path> workspaces) {}

  private final PrintStream out;
  private final PrintStream err;
  private final Path cwd;

  public CheckCommand(PrintStream out, PrintStream err, Path cwd) {
    this.out = out;
    this.err = err;
    this.cwd = cwd;
  }

  public int run(String[] args) {
    Options o;
    try {
      o = parse(args, false);
    } catch (UsageException e) {
      err.println("meshprobe check: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o == null) {
      out.print(USAGE);
      return 0;
    }
    Baseline baseline = null;
    if (o.baseline() != null) {
      Path file = cwd.resolve(o.baseline());
      try {
        baseline = Baseline.read(file);
      } catch (java.nio.file.NoSuchFileException e) {
        err.println("meshprobe check: no such baseline file: " + o.baseline() + " (write one with --write-baseline " + o.baseline() + ")");
        return 2;
      } catch (IOException e) {
        err.println("meshprobe check: cannot use the baseline " + o.baseline() + ": " + e.getMessage());
        return 2;
      }
    }
    Workspace ws;
    try {
      ws = open(o, err);
    } catch (UsageException e) {
      err.println("meshprobe check: " + e.getMessage());
      return 2;
    }
    List<Path> scope = scope(o);
    List<Reported> all = new ArrayList<>();
    Map<String, Integer> occurrences = new HashMap<>();
    int files = 0;
    java.util.Set<Path> linted = new java.util.TreeSet<>(ws.files());
    // Templates and helpers the walk does not read (a define in _helpers.tpl) get what their contexts found in them.
    linted.addAll(ws.contexts().filesWithFindings());
    for (Path p : linted) {
      if (!Workspace.isManifestName(p) && !p.getFileName().toString().equals(".meshprobe.yaml") && ws.file(p) != null) {
        continue;
      }
      boolean inScope = inside(p, scope);
      if (inScope) {
        files++;
      }
      for (Finding f : ws.lint(p)) {
        if (inScope || decidedIn(f, scope)) {
          all.add(report(ws, f, occurrences));
        }
      }
    }
    if (o.config() != null && !ws.files().contains(o.config().toAbsolutePath().normalize())) {
      Path cfg = o.config().toAbsolutePath().normalize();
      try {
        ws.putText(cfg, Files.readString(cfg));
        for (Finding f : ws.lint(cfg)) {
          all.add(report(ws, f, occurrences));
        }
      } catch (IOException e) {
        err.println("meshprobe check: cannot read " + o.config() + ": " + e.getMessage());
        return 2;
      }
    }
    if (o.writeBaseline() != null) {
      return writeBaseline(o.writeBaseline(), all);
    }
    Baseline.Comparison comparison = baseline == null ? null : baseline.compare(all);
    List<Reported> reported = comparison == null ? all : comparison.fresh();
    String baselineName = o.baseline() == null ? null : o.baseline().toString();
    String version = ws.layout().workspaceConfig().mesh().istio().toString();
    try {
      switch (o.format()) {
        case "json" -> JsonReporter.write(out, reported, files, version, Version.current(), comparison, baselineName);
        case "sarif" -> SarifReporter.write(out, reported, Version.current());
        case "github" -> GithubReporter.write(out, reported, comparison, baselineName);
        case "gitlab" -> GitlabReporter.write(out, reported);
        default -> TextReporter.write(out, reported, files, version, o.brief());
      }
    } catch (IOException e) {
      err.println("meshprobe check: cannot write the report: " + e.getMessage());
      return 2;
    }
    if (comparison != null) {
      reportBaseline(comparison, baselineName, o.format());
    }
    Severity threshold = "never".equals(o.failOn()) ? null : Severity.parse(o.failOn());
    if (threshold != null) {
      for (Reported r : reported) {
        if (r.finding().severity().ordinal() <= threshold.ordinal()) {
          return 1;
        }
      }
    }
    return 0;
  }

  private int writeBaseline(Path target, List<Reported> findings) {
    Baseline b = Baseline.of(findings);
    try {
      b.write(cwd.resolve(target));
    } catch (IOException e) {
      err.println("meshprobe check: cannot write the baseline " + target + ": " + e.getMessage());
      return 2;
    }
    err.println("meshprobe check: wrote " + b.size() + (b.size() == 1 ? " finding" : " findings") + " to the baseline " + target + ".");
    return 0;
  }

  /**
   * What the baseline left out and what no longer occurs: on standard output after the text report
   * (the JSON and GitHub reports carry it themselves), on standard error beside the SARIF and GitLab
   * reports, whose files must hold nothing else.
   */
  private void reportBaseline(Baseline.Comparison c, String file, String format) {
    if (format.equals("json") || format.equals("github")) {
      return;
    }
    PrintStream to = format.equals("text") ? out : err;
    String line = "Baseline " + file + ": " + c.known() + (c.known() == 1 ? " known finding" : " known findings") + " not shown";
    if (c.fixed().isEmpty()) {
      to.println(line + ".");
      return;
    }
    to.println(line + ", " + c.fixedCount() + " fixed (no longer found; --write-baseline drops them):");
    for (Baseline.Entry e : c.fixed()) {
      Fingerprint fp = e.fingerprint();
      to.println("  fixed: " + fp.file() + "  " + fp.rule() + (fp.resource() == null ? "" : "  " + fp.resource())
          + (fp.path() != null ? "  " + fp.path() : fp.line() != null ? "  " + fp.line() : "") + (e.count() > 1 ? "  (x" + e.count() + ")" : ""));
    }
  }

  /** With {@code --workspace}, the absolute PATHs whose findings are reported; null: report everything. */
  private List<Path> scope(Options o) {
    if (o.workspaces().isEmpty() || o.paths().isEmpty()) {
      return null;
    }
    return o.paths().stream().map(p -> cwd.resolve(p).toAbsolutePath().normalize()).toList();
  }

  private static boolean inside(Path file, List<Path> scope) {
    if (scope == null) {
      return true;
    }
    for (Path s : scope) {
      if (file.startsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A finding elsewhere that a file in scope decided (a staged PeerAuthentication that now breaks a
   * probe in a file the commit does not touch): it is about the change, so it is reported with it.
   */
  private static boolean decidedIn(Finding f, List<Path> scope) {
    for (Finding.Related r : f.related()) {
      if (inside(Path.of(r.where().file()), scope)) {
        return true;
      }
    }
    return false;
  }

  /** Builds the workspace of the given paths with the flags layered over the configuration. */
  Workspace open(Options o, PrintStream log) throws UsageException {
    List<Path> roots = new ArrayList<>();
    for (Path dir : o.workspaces()) {
      Path abs = cwd.resolve(dir).toAbsolutePath().normalize();
      if (!Files.isDirectory(abs)) {
        throw new UsageException("--workspace needs a folder: " + dir);
      }
      roots.add(abs);
    }
    for (Path p : o.paths()) {
      Path abs = cwd.resolve(p).toAbsolutePath().normalize();
      if (!Files.exists(abs)) {
        throw new UsageException("no such file or folder: " + p);
      }
      if (!inside(abs, o.workspaces().isEmpty() ? List.of() : roots)) {
        roots.add(abs);
      }
    }
    Workspace ws = new Workspace(roots, Log.SILENT);
    if (o.config() != null) {
      Path cfg = cwd.resolve(o.config()).toAbsolutePath().normalize();
      if (!Files.isRegularFile(cfg)) {
        throw new UsageException("no such configuration file: " + o.config());
      }
      ws.setExplicitConfig(cfg);
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    if (o.istioVersion() != null) {
      flags.put("istio", Map.of("version", o.istioVersion()));
    }
    if (o.mtls() != null) {
      flags.put("mesh", Map.of("mtls", o.mtls()));
    }
    if (!flags.isEmpty()) {
      ws.setOverrides(flags);
    }
    // Helm releases and Kustomize entries, rendered by their tools in parallel on the available cores,
    // from the moment they are found, while the other files are read.
    int cores = Runtime.getRuntime().availableProcessors();
    ws.contexts().renderOnDiscovery(cores);
    ws.indexFolders();
    ws.contexts().renderAll(cores);
    return ws;
  }

  Reported report(Workspace ws, Finding f, Map<String, Integer> occurrences) {
    List<Reported.RelatedReported> related = new ArrayList<>();
    for (Finding.Related r : f.related()) {
      SourceText rt = text(ws, r.where());
      if (rt != null) {
        related.add(new Reported.RelatedReported(relative(r.where().file()), rt.position(r.where().start()), rt.position(r.where().end()), r.message()));
      }
    }
    SourceText t = text(ws, f.where());
    var start = t == null ? new dev.meshprobe.text.Position(0, 0) : t.position(f.where().start());
    var end = t == null ? start : t.position(f.where().end());
    String file = relative(f.where().file());
    var state = ws.file(Path.of(f.where().file()));
    Fingerprint fp = Fingerprint.of(f, file, state == null ? null : state.yaml(), t);
    int occurrence = occurrences.merge(fp.hash(), 1, Integer::sum);
    return new Reported(file, f, start, end, related, fp, occurrence);
  }

  private final Map<String, SourceText> unread = new HashMap<>();

  /** The text a span is in: the workspace's, else (a template or helper the walk did not read) the file on disk. */
  private SourceText text(Workspace ws, SourceRef ref) {
    var state = ws.file(Path.of(ref.file()));
    if (state != null && state.source() != null) {
      return state.source();
    }
    return unread.computeIfAbsent(ref.file(), f -> {
      try {
        return new SourceText(Files.readString(Path.of(f)));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    });
  }

  String relative(String file) {
    Path p = Path.of(file);
    try {
      Path rel = cwd.toAbsolutePath().normalize().relativize(p);
      return rel.toString().startsWith("..") ? p.toString() : rel.toString();
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }

  /** Parses options; returns null for {@code --help}. */
  static Options parse(String[] args, boolean fix) throws UsageException {
    String format = "text";
    Path config = null;
    String version = null;
    String mtls = null;
    String failOn = "warning";
    List<Path> paths = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    boolean write = false;
    boolean brief = false;
    Path baseline = null;
    Path writeBaseline = null;
    List<Path> workspaces = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> {
          return null;
        }
        case "--format" -> format = oneOf(name, value != null ? value : next(args, ++i, name), "text", "json", "sarif", "github", "gitlab");
        case "--config" -> config = Path.of(value != null ? value : next(args, ++i, name));
        case "--istio-version" -> {
          version = value != null ? value : next(args, ++i, name);
          if (IstioVersion.parse(version) == null) {
            throw new UsageException("--istio-version must be an Istio 1.x version such as 1.30, not `" + version + "`");
          }
        }
        case "--mtls" -> {
          mtls = value != null ? value : next(args, ++i, name);
          MtlsMode m = MtlsMode.parse(mtls);
          if (m == MtlsMode.UNSET) {
            throw new UsageException("--mtls must be STRICT, PERMISSIVE or DISABLE, not `" + mtls + "`");
          }
        }
        case "--brief" -> {
          if (fix) {
            throw new UsageException("unknown option --brief");
          }
          brief = true;
        }
        case "--fail-on" -> failOn = oneOf(name, value != null ? value : next(args, ++i, name), "error", "warning", "info", "never");
        case "--rule" -> {
          if (!fix) {
            throw new UsageException("unknown option --rule");
          }
          rules.add(value != null ? value : next(args, ++i, name));
        }
        case "--baseline", "--write-baseline", "--workspace" -> {
          if (fix) {
            throw new UsageException("unknown option " + name);
          }
          Path given = Path.of(value != null ? value : next(args, ++i, name));
          switch (name) {
            case "--baseline" -> baseline = given;
            case "--write-baseline" -> writeBaseline = given;
            default -> workspaces.add(given);
          }
        }
        case "--write" -> {
          if (!fix) {
            throw new UsageException("unknown option --write");
          }
          write = true;
        }
        default -> {
          if (a.startsWith("-") && !a.equals("-")) {
            throw new UsageException("unknown option " + a);
          }
          paths.add(Path.of(a));
        }
      }
    }
    if (paths.isEmpty() && workspaces.isEmpty()) {
      throw new UsageException("no PATH given");
    }
    return new Options(format, config, version, mtls, failOn, paths, rules, write, brief, baseline, writeBaseline, workspaces);
  }

  private static String next(String[] args, int i, String name) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(name + " needs a value");
    }
    return args[i];
  }

  private static String oneOf(String name, String value, String... allowed) throws UsageException {
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw new UsageException(name + " must be one of " + String.join(", ", allowed) + ", not `" + value + "`");
  }

  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }
}
