package dev.meshprobe.cli;

import dev.meshprobe.engine.ConfigFile;
import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.fixes.LineDiff;
import dev.meshprobe.rules.Rules;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code meshprobe fix}: the preferred fix of every finding, as "fix all" in the editor computes it,
 * printed as a unified diff (paths relative to the working directory, {@code a/} and {@code b/} as git
 * writes them) or written with {@code --write}. Exit 0 when there is nothing to fix or the fixes were
 * written, 1 when a diff was printed, 2 on a usage or I/O error.
 */
public final class FixCommand {
  static final String USAGE = """
      Usage: meshprobe fix [--config FILE] [--istio-version V] [--mtls STRICT|PERMISSIVE|DISABLE]
                           [--rule ID]... [--write] PATH...

      Applies the preferred fix of every finding in the Kubernetes manifests under PATH (the same
      workspace and configuration as `meshprobe check`) and prints the changes as a unified diff.
      --rule limits the fixes to findings of that rule (repeatable); --write writes the files instead.

      Exit status: 0 nothing to fix or fixes written, 1 a diff was printed, 2 usage or I/O error.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Path cwd;

  public FixCommand(PrintStream out, PrintStream err, Path cwd) {
    this.out = out;
    this.err = err;
    this.cwd = cwd;
  }

  public int run(String[] args) {
    CheckCommand.Options o;
    try {
      o = CheckCommand.parse(args, true);
      for (String rule : o == null ? List.<String>of() : o.rules()) {
        if (Rules.byId(rule) == null) {
          throw new CheckCommand.UsageException("unknown rule `" + rule + "`");
        }
      }
    } catch (CheckCommand.UsageException e) {
      err.println("meshprobe fix: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o == null) {
      out.print(USAGE);
      return 0;
    }
    CheckCommand check = new CheckCommand(out, err, cwd);
    Workspace ws;
    try {
      ws = check.open(o, err);
    } catch (CheckCommand.UsageException e) {
      err.println("meshprobe fix: " + e.getMessage());
      return 2;
    }
    FixSupport fixes = new FixSupport(ws);
    boolean printed = false;
    int files = 0;
    int applied = 0;
    java.util.function.Predicate<dev.meshprobe.rules.Finding> which = f -> o.rules().isEmpty() || o.rules().contains(f.rule());
    // Findings of Helm releases and Kustomize entries are fixed where the deciding value was written (a
    // patch, values.yaml), often in another file; the files they use get no plain fixes.
    java.util.Map<Path, FixSupport.FixAll> results = new java.util.LinkedHashMap<>(fixes.fixAllContexts(which));
    for (Path p : List.copyOf(ws.files())) {
      if (!Workspace.isManifestName(p) || p.getFileName().toString().equals(ConfigFile.NAME) || results.containsKey(p)
          || !ws.contexts().contextsOf(p).isEmpty()) {
        continue;
      }
      results.put(p, fixes.fixAll(p, which));
    }
    for (java.util.Map.Entry<Path, FixSupport.FixAll> fixed : results.entrySet()) {
      Path p = fixed.getKey();
      FixSupport.FixAll result = fixed.getValue();
      if (!result.changed()) {
        continue;
      }
      String rel = check.relative(p.toString());
      if (o.write()) {
        try {
          write(p, result.after());
        } catch (IOException e) {
          err.println("meshprobe fix: cannot write " + rel + ": " + e.getMessage());
          return 2;
        }
        // Later files are fixed against this one as it is now.
        ws.putText(p, result.after());
        files++;
        applied += result.applied();
      } else {
        out.print(LineDiff.unified("a/" + rel, "b/" + rel, result.before(), result.after()));
        printed = true;
      }
    }
    if (o.write() && files > 0) {
      err.println("meshprobe fix: applied " + applied + (applied == 1 ? " fix" : " fixes") + " in " + files + (files == 1 ? " file" : " files") + ".");
    }
    return printed ? 1 : 0;
  }

  /** Writes the text as UTF-8, keeping a byte order mark the file had (the workspace reads past it). */
  private static void write(Path p, String text) throws IOException {
    byte[] old = Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
    boolean bom = old.length >= 3 && (old[0] & 0xFF) == 0xEF && (old[1] & 0xFF) == 0xBB && (old[2] & 0xFF) == 0xBF;
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (bom) {
      byte[] withBom = new byte[body.length + 3];
      System.arraycopy(old, 0, withBom, 0, 3);
      System.arraycopy(body, 0, withBom, 3, body.length);
      body = withBom;
    }
    Files.write(p, body);
  }
}
