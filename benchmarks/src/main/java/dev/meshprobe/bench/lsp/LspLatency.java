package dev.meshprobe.bench.lsp;

import com.google.gson.JsonObject;
import dev.meshprobe.bench.ManifestGenerator;
import dev.meshprobe.bench.Sites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end latency benchmark: drives language servers over stdio as an editor would, on the same
 * files with the same edits, and prints a table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.lsp.LspLatency \
 *     --server 'meshprobe=java -jar server/target/meshprobe.jar --stdio' \
 *     --server 'yaml-language-server=node build/yls/node_modules/yaml-language-server/bin/yaml-language-server --stdio' \
 *     --reference yaml-language-server \
 *     --generated build/bench/generated/generated.yaml \
 *     --file /work/shared/corpus/argoproj__argo-cd/manifests/install.yaml@/work/shared/corpus/argoproj__argo-cd \
 *     [--edits 30] [--hovers 30] [--actions 30] [--runs 1] [--logs build/bench/logs] [--markdown OUT.md] [--no-driver-warmup]
 * </pre>
 *
 * A file is given as {@code PATH[@WORKSPACE_FOLDER]} (the folder defaults to the file's own). For each
 * file, each server in turn: process start, {@code initialize}/{@code initialized}, {@code didOpen};
 * the time from process start to the first {@code publishDiagnostics} of the file; then one-character
 * edits (each timed until the diagnostics of that version arrive), hovers on probe keys and code action
 * requests on ranges that carry diagnostics, each timed until its answer. Then {@code shutdown} and
 * {@code exit}.
 * <p>A first, untimed session with the first server warms this driver's own JIT (an editor is a warm,
 * long-running process); {@code --no-driver-warmup} skips it.
 *
 * <p>Also {@code --index FOLDER --server NAME=COMMAND}: time from process start to Meshprobe's
 * {@code meshprobe/status} "ready" after indexing the folder, with the server's heap after a full GC
 * (through {@code jcmd}).
 */
public final class LspLatency {
  private LspLatency() {}

  record Server(String name, List<String> command) {}

  record Target(Path file, Path root) {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.eclipse.lsp4j.jsonrpc").setLevel(java.util.logging.Level.SEVERE);
    List<Server> servers = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    String reference = null;
    int edits = 30;
    int hovers = 30;
    int actions = 30;
    int runs = 1;
    Path logs = Path.of("build/bench/logs");
    Path markdown = null;
    Path index = null;
    boolean driverWarmup = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--server" -> {
          String s = args[++i];
          int eq = s.indexOf('=');
          servers.add(new Server(s.substring(0, eq), Arrays.asList(s.substring(eq + 1).trim().split("\\s+"))));
        }
        case "--reference" -> reference = args[++i];
        case "--generated" -> {
          Path p = Path.of(args[++i]).toAbsolutePath();
          String text = ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED);
          Files.createDirectories(p.getParent());
          if (!Files.isRegularFile(p) || !Files.readString(p).equals(text)) {
            Files.writeString(p, text);
          }
          targets.add(new Target(p, p.getParent()));
        }
        case "--file" -> {
          String s = args[++i];
          Target target = null;
          // PATH@FOLDER; paths may contain '@' themselves (corpus folders are named repo@commit).
          for (int at = s.indexOf('@'); at > 0 && target == null; at = s.indexOf('@', at + 1)) {
            Path file = Path.of(s.substring(0, at));
            Path root = Path.of(s.substring(at + 1));
            if (Files.isRegularFile(file) && Files.isDirectory(root)) {
              target = new Target(file.toAbsolutePath().normalize(), root.toAbsolutePath().normalize());
            }
          }
          if (target == null) {
            Path p = Path.of(s).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
              System.err.println("no such file: " + s);
              System.exit(2);
            }
            target = new Target(p, p.getParent());
          }
          targets.add(target);
        }
        case "--edits" -> edits = Integer.parseInt(args[++i]);
        case "--hovers" -> hovers = Integer.parseInt(args[++i]);
        case "--actions" -> actions = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--logs" -> logs = Path.of(args[++i]);
        case "--markdown" -> markdown = Path.of(args[++i]);
        case "--index" -> index = Path.of(args[++i]).toAbsolutePath();
        case "--index-timeout" -> indexTimeoutSeconds = Long.parseLong(args[++i]);
        case "--histogram" -> histogram = true;
        case "--no-driver-warmup" -> driverWarmup = false;
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    Files.createDirectories(logs);
    if (index != null) {
      for (Server s : servers) {
        indexOnly(s, index, logs);
      }
      System.exit(0);
    }
    if (servers.isEmpty() || targets.isEmpty()) {
      System.err.println("need --server NAME=COMMAND and --file PATH or --generated PATH");
      System.exit(2);
    }
    if (driverWarmup) {
      // This driver is a JVM too: its own JSON and LSP4J code would run interpreted during the first
      // server's timed session, and that time would count against that server. An editor is a warm,
      // long-running process, so one untimed session (the first server, the first file) warms it first.
      Target t = targets.get(0);
      String text = Files.readString(t.file(), StandardCharsets.UTF_8);
      System.err.printf("  driver warm-up with %s (untimed) ...%n", servers.get(0).name());
      Session.run(servers.get(0), t, text, Plan.of(text, edits, Math.min(hovers, 10), Math.min(actions, 10)),
          logs.resolve("driver-warmup.log"));
    }
    List<Result> results = new ArrayList<>();
    for (Target t : targets) {
      String text = Files.readString(t.file(), StandardCharsets.UTF_8);
      Plan plan = Plan.of(text, edits, hovers, actions);
      System.err.printf(Locale.ROOT, "%s: %d lines; %d edits, %d hovers, %d code actions; workspace folder %s%n",
          t.file(), text.split("\n", -1).length - 1, plan.edits.size(), plan.hovers.size(), actions, t.root());
      for (int run = 0; run < runs; run++) {
        for (Server s : servers) {
          Path log = logs.resolve(s.name() + "-" + t.file().getFileName() + "-run" + run + ".log");
          System.err.printf("  %s (run %d) ...%n", s.name(), run + 1);
          Result r = Session.run(s, t, text, plan, log);
          System.err.printf(Locale.ROOT, "  %s: start->diagnostics %.0f ms, edit median %.1f ms, hover median %.1f ms, code action median %.1f ms%n",
              s.name(), r.startMs, Stats.median(r.editMs), Stats.median(r.hoverMs), Stats.median(r.actionMs));
          results.add(r);
        }
      }
    }
    String table = Table.render(results, servers, targets, reference);
    System.out.println(table);
    if (markdown != null) {
      Files.createDirectories(markdown.toAbsolutePath().getParent());
      Files.writeString(markdown, table);
    }
    System.exit(0);
  }

  /** What one server did on one file in one run. */
  static final class Result {
    String server;
    Path file;
    double startMs = Double.NaN;
    final List<Double> editMs = new ArrayList<>();
    int editsPublished;
    final List<Double> hoverMs = new ArrayList<>();
    final List<Double> actionMs = new ArrayList<>();
    int diagnostics;
    String error;
  }

  /** The edit, hover and code action places of a file, the same for every server. */
  static final class Plan {
    final List<Sites.Site> edits;
    final List<Sites.Site> hovers;
    final List<Sites.Site> probeKeys;
    final int actions;
    /** Code action ranges, chosen by the first server with diagnostics (see Session). */
    List<org.eclipse.lsp4j.Range> actionRanges;

    private Plan(List<Sites.Site> edits, List<Sites.Site> hovers, List<Sites.Site> probeKeys, int actions) {
      this.edits = edits;
      this.hovers = hovers;
      this.probeKeys = probeKeys;
      this.actions = actions;
    }

    static Plan of(String text, int edits, int hovers, int actions) {
      List<Sites.Site> keys = Sites.probeKeys(text);
      return new Plan(Sites.editPlan(text, edits), Sites.spread(keys, hovers), keys, actions);
    }
  }

  // ---- index-only mode (workspace scale)

  static long indexTimeoutSeconds = 300;
  static boolean histogram;

  static void indexOnly(Server s, Path folder, Path logs) throws Exception {
    Path log = logs.resolve(s.name() + "-index.log");
    Files.deleteIfExists(log);
    Client client = new Client(log);
    long t0 = System.nanoTime();
    client.t0 = t0;
    Process p = new ProcessBuilder(s.command()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Connection c = Connection.start(p, client);
    c.initialize(folder);
    JsonObject ready = null;
    String failure = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(indexTimeoutSeconds);
    while (ready == null && failure == null) {
      ready = client.awaitStatus("ready", TimeUnit.SECONDS.toNanos(1));
      if (ready == null) {
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        if (logText.contains("OutOfMemoryError")) {
          failure = "OutOfMemoryError (see " + log + ")";
        } else if (!p.isAlive()) {
          failure = "server exited with " + p.exitValue();
        } else if (System.nanoTime() > end) {
          failure = "not ready after " + indexTimeoutSeconds + " s";
        }
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    String heap = "";
    if (ready != null) {
      heap = jcmd(p.pid(), "GC.heap_info");
      jcmd(p.pid(), "GC.run");
      heap = "before full GC:\n" + heap + "\nafter full GC:\n" + jcmd(p.pid(), "GC.heap_info");
      if (histogram) {
        String[] lines = jcmd(p.pid(), "GC.class_histogram").split("\n");
        heap += "\nlargest classes on the heap (jcmd GC.class_histogram):\n"
            + String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, 22)));
      }
    }
    c.close(p);
    if (ready != null) {
      System.out.printf(Locale.ROOT, "%s: index of %s: %s files in %.0f ms (process start to meshprobe/status ready)%n",
          s.name(), folder, ready.get("files"), ms);
    } else {
      System.out.printf(Locale.ROOT, "%s: index of %s FAILED after %.0f ms: %s%n", s.name(), folder, ms, failure);
    }
    System.out.println(heap.strip());
  }

  static String jcmd(long pid, String what) {
    try {
      Process j = new ProcessBuilder("jcmd", String.valueOf(pid), what).redirectErrorStream(true).start();
      String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      j.waitFor(30, TimeUnit.SECONDS);
      return out.strip();
    } catch (IOException | InterruptedException e) {
      return "jcmd failed: " + e;
    }
  }

  // ---- statistics and the table

  static final class Stats {
    private Stats() {}

    static double median(List<Double> xs) {
      return percentile(xs, 50);
    }

    /** Nearest-rank percentile; NaN for no samples. */
    static double percentile(List<Double> xs, double pct) {
      if (xs.isEmpty()) {
        return Double.NaN;
      }
      double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      if (pct == 50) {
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
      }
      int rank = (int) Math.ceil(pct / 100.0 * a.length);
      return a[Math.max(0, Math.min(a.length - 1, rank - 1))];
    }
  }

  static final class Table {
    private Table() {}

    static String render(List<Result> results, List<Server> servers, List<Target> targets, String reference) {
      StringBuilder b = new StringBuilder();
      b.append("| file | server | start→first diagnostics (ms) | edit→diagnostics median (ms) | p95 (ms) | published | hover median (ms) | code action median (ms) | edit ratio server/ref | start ratio server/ref |\n");
      b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Target t : targets) {
        Map<String, Result> merged = new LinkedHashMap<>();
        for (Server s : servers) {
          Result m = new Result();
          m.server = s.name();
          m.file = t.file();
          List<Double> starts = new ArrayList<>();
          int published = 0;
          for (Result r : results) {
            if (r.file.equals(t.file()) && r.server.equals(s.name())) {
              if (!Double.isNaN(r.startMs)) {
                starts.add(r.startMs);
              }
              m.editMs.addAll(r.editMs);
              m.hoverMs.addAll(r.hoverMs);
              m.actionMs.addAll(r.actionMs);
              published += r.editsPublished;
              if (r.error != null) {
                m.error = r.error;
              }
            }
          }
          m.startMs = Stats.median(starts);
          m.editsPublished = published;
          merged.put(s.name(), m);
        }
        Result ref = reference == null ? null : merged.get(reference);
        for (Result m : merged.values()) {
          double edit = Stats.median(m.editMs);
          String editRatio = ref == null || m == ref ? "—" : ratio(edit, Stats.median(ref.editMs));
          String startRatio = ref == null || m == ref ? "—" : ratio(m.startMs, ref.startMs);
          b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d/%d | %s | %s | %s | %s |%n",
              display(t.file()), m.server + (m.error == null ? "" : " (" + m.error + ")"), ms(m.startMs), ms(edit),
              ms(Stats.percentile(m.editMs, 95)), m.editsPublished, m.editMs.size(), ms(Stats.median(m.hoverMs)),
              ms(Stats.median(m.actionMs)), editRatio, startRatio));
        }
      }
      return b.toString();
    }

    private static String ratio(double a, double b) {
      if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
        return "—";
      }
      double r = a / b;
      if (r < 1) {
        return String.format(Locale.ROOT, "%.4f (%s× faster)", r, 1 / r >= 10 ? String.format(Locale.ROOT, "%.0f", 1 / r) : String.format(Locale.ROOT, "%.1f", 1 / r));
      }
      return String.format(Locale.ROOT, "%.2f (%.1f× slower)", r, r);
    }

    private static String ms(double v) {
      if (Double.isNaN(v)) {
        return "—";
      }
      return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String display(Path p) {
      String s = p.toString();
      int corpus = s.indexOf("/corpus/");
      if (corpus >= 0) {
        return s.substring(corpus + "/corpus/".length());
      }
      return p.getFileName() + " (generated)";
    }
  }
}
