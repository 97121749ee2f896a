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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code meshprobe check}: lints files and folders with the same engine and the same cross-file
 * context as the language server. Exit 0 when nothing at or above {@code --fail-on} was found, 1 when
 * something was, 2 on a usage or I/O error.
 */
public final class CheckCommand {
  static final String USAGE = """
      Usage: meshprobe check [--format text|json|sarif] [--brief] [--config FILE] [--istio-version V]
                             [--mtls STRICT|PERMISSIVE|DISABLE] [--fail-on error|warning|info|never] PATH...

      Lints Kubernetes manifests (.yaml, .yml) in the given files and folders for probes that Istio
      mutual TLS breaks. All paths form one workspace: a PeerAuthentication in one file decides the
      findings of another. The text format prints the facts behind each finding as indented lines
      under it; --brief prints one line per finding.

      Exit status: 0 nothing at or above --fail-on (default warning), 1 findings, 2 usage or I/O error.
      """;

  /** Parsed options shared with {@code fix}. */
  record Options(String format, Path config, String istioVersion, String mtls, String failOn, List<Path> paths, List<String> rules, boolean write,
      boolean brief) {}

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
    Workspace ws;
    try {
      ws = open(o, err);
    } catch (UsageException e) {
      err.println("meshprobe check: " + e.getMessage());
      return 2;
    }
    List<Reported> reported = new ArrayList<>();
    int files = 0;
    for (Path p : ws.files()) {
      if (!Workspace.isManifestName(p) && !p.getFileName().toString().equals(".meshprobe.yaml")) {
        continue;
      }
      files++;
      for (Finding f : ws.lint(p)) {
        reported.add(report(ws, f));
      }
    }
    if (o.config() != null && !ws.files().contains(o.config().toAbsolutePath().normalize())) {
      Path cfg = o.config().toAbsolutePath().normalize();
      try {
        ws.putText(cfg, Files.readString(cfg));
        for (Finding f : ws.lint(cfg)) {
          reported.add(report(ws, f));
        }
      } catch (IOException e) {
        err.println("meshprobe check: cannot read " + o.config() + ": " + e.getMessage());
        return 2;
      }
    }
    String version = ws.layout().workspaceConfig().mesh().istio().toString();
    try {
      switch (o.format()) {
        case "json" -> JsonReporter.write(out, reported, files, version, Version.current());
        case "sarif" -> SarifReporter.write(out, reported, Version.current());
        default -> TextReporter.write(out, reported, files, version, o.brief());
      }
    } catch (IOException e) {
      err.println("meshprobe check: cannot write the report: " + e.getMessage());
      return 2;
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

  /** Builds the workspace of the given paths with the flags layered over the configuration. */
  Workspace open(Options o, PrintStream log) throws UsageException {
    List<Path> roots = new ArrayList<>();
    for (Path p : o.paths()) {
      Path abs = cwd.resolve(p).toAbsolutePath().normalize();
      if (!Files.exists(abs)) {
        throw new UsageException("no such file or folder: " + p);
      }
      roots.add(abs);
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
    ws.indexFolders();
    return ws;
  }

  Reported report(Workspace ws, Finding f) {
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
    return new Reported(relative(f.where().file()), f, start, end, related);
  }

  private static SourceText text(Workspace ws, SourceRef ref) {
    var state = ws.file(Path.of(ref.file()));
    return state == null ? null : state.source();
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
        case "--format" -> format = oneOf(name, value != null ? value : next(args, ++i, name), "text", "json", "sarif");
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
    if (paths.isEmpty()) {
      throw new UsageException("no PATH given");
    }
    return new Options(format, config, version, mtls, failOn, paths, rules, write, brief);
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
