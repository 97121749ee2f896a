package dev.meshprobe.bench.lsp;

import com.google.gson.JsonObject;
import dev.meshprobe.bench.ManifestGenerator;
import dev.meshprobe.bench.Results;
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
        case "--results" -> resultsFile = Path.of(args[++i]);
        case "--index" -> index = Path.of(args[++i]).toAbsolutePath();
        case "--open" -> openDuringIndex = Path.of(args[++i]).toAbsolutePath();
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
      List<String> rows = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        for (Server s : servers) {
          rows.add(indexOnly(s, index, logs));
        }
      }
      if (markdown != null && openDuringIndex != null) {
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        Files.writeString(markdown, OPEN_TABLE_HEAD + String.join("", rows));
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
      System.err.printf(Locale.ROOT, "%s: %d lines; edits %s, %d hovers, %d code actions; workspace folder %s%n",
          t.file(), text.split("\n", -1).length - 1, plan.edits, plan.hovers.size(), actions, t.root());
      for (int run = 0; run < runs; run++) {
        for (Server s : servers) {
          Path log = logs.resolve(s.name() + "-" + t.file().getFileName() + "-run" + run + ".log");
          System.err.printf("  %s (run %d) ...%n", s.name(), run + 1);
          Result r = Session.run(s, t, text, plan, log);
          StringBuilder editLine = new StringBuilder();
          r.editMs.forEach((k, ms) -> editLine.append(String.format(Locale.ROOT, ", %s median %.1f ms", k.name().toLowerCase(Locale.ROOT), Stats.median(ms))));
          System.err.printf(Locale.ROOT, "  %s: start->diagnostics %.0f ms%s, hover median %.1f ms, code action median %.1f ms%s%n",
              s.name(), r.startMs, editLine, Stats.median(r.hoverMs), Stats.median(r.actionMs), r.error == null ? "" : " (" + r.error + ")");
          results.add(r);
        }
      }
    }
    String table = Table.render(results, servers, targets, reference);
    if (resultsFile != null) {
      Results.append(resultsFile, Table.rows(results, servers, targets));
    }
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
    /** Per kind of edit: the latency of each edit that was answered. */
    final Map<EditKind, List<Double>> editMs = new java.util.EnumMap<>(EditKind.class);
    /** Per kind of edit: how many were answered by a publication (the rest by the hover behind them, or not at all). */
    final Map<EditKind, Integer> published = new java.util.EnumMap<>(EditKind.class);
    /** Per kind of edit: how many got no answer (a kind that needs a publication and got none). */
    final Map<EditKind, Integer> unanswered = new java.util.EnumMap<>(EditKind.class);
    final List<Double> hoverMs = new ArrayList<>();
    final List<Double> actionMs = new ArrayList<>();
    int diagnostics;
    String error;

    List<Double> edits(EditKind k) {
      return editMs.computeIfAbsent(k, x -> new ArrayList<>());
    }
  }

  /**
   * The kinds of edit. The first two change the diagnostics on every keystroke, so every server answers
   * each with a publication and each is timed to it; the third is for files without Istio findings.
   */
  enum EditKind {
    /** A keystroke that changes one document's verdicts ({@link Sites#rewriteFalseLetters}): break, then repair. */
    VERDICT("edit that changes one document's verdicts", true),
    /** Enter at the top of the file: every diagnostic moves one line down. */
    ENTER("Enter at the top (every diagnostic moves)", true),
    /**
     * One digit of a number replaced by the next: a server that skips unchanged publications is timed by
     * a hover sent right behind the edit when nothing is published before its answer.
     */
    DIGIT("one-digit edit of a number", false);

    final String title;
    final boolean publishes;

    EditKind(String title, boolean publishes) {
      this.title = title;
      this.publishes = publishes;
    }
  }

  /** The edit, hover and code action places of a file, the same for every server. */
  static final class Plan {
    final Map<EditKind, Integer> edits;
    final List<Sites.Site> verdictSites;
    final List<Sites.Site> digitSites;
    final List<Sites.Site> hovers;
    final List<Sites.Site> probeKeys;
    final int actions;
    /** Code action ranges, chosen by the first server with diagnostics (see Session). */
    List<org.eclipse.lsp4j.Range> actionRanges;

    private Plan(Map<EditKind, Integer> edits, List<Sites.Site> verdictSites, List<Sites.Site> digitSites,
        List<Sites.Site> hovers, List<Sites.Site> probeKeys, int actions) {
      this.edits = edits;
      this.verdictSites = verdictSites;
      this.digitSites = digitSites;
      this.hovers = hovers;
      this.probeKeys = probeKeys;
      this.actions = actions;
    }

    /**
     * {@code edits} of each kind that fits the file: the verdict edits and Enter at the top where the file
     * has {@code rewriteAppHTTPProbers: "false"} annotations to break (the generated file), else digit
     * edits (corpus files, which have no Istio findings to move).
     */
    static Plan of(String text, int edits, int hovers, int actions) {
      List<Sites.Site> keys = Sites.probeKeys(text);
      List<Sites.Site> verdict = Sites.spread(Sites.rewriteFalseLetters(text), (edits + 1) / 2);
      Map<EditKind, Integer> counts = new java.util.EnumMap<>(EditKind.class);
      if (!verdict.isEmpty()) {
        counts.put(EditKind.VERDICT, edits);
        counts.put(EditKind.ENTER, edits);
      } else {
        counts.put(EditKind.DIGIT, edits);
      }
      return new Plan(counts, verdict, Sites.editPlan(text, edits), Sites.spread(keys, hovers), keys, actions);
    }
  }

  // ---- index-only mode (workspace scale)

  static long indexTimeoutSeconds = 300;
  static boolean histogram;

  /** With {@code --index}: a file opened right after {@code initialized}, while the index runs. */
  static Path openDuringIndex;
  /** With {@code --results}: each figure as a tab-separated line (what, server, metric, value), appended. */
  static Path resultsFile;

  static final String OPEN_TABLE_HEAD = """
      | server | index: process start → ready (ms) | didOpen → first diagnostics (ms) | first marked provisional | didOpen → final diagnostics (ms) | diagnostics first / final |
      |---|---:|---:|---|---:|---:|
      """;

  /**
   * Starts the server on {@code folder} and times its first index to {@code meshprobe/status} "ready";
   * with {@link #openDuringIndex}, opens that file right after {@code initialized} and times its first
   * publication (provisional while the index runs) and its final one (the last publication by the time
   * the index is ready and the server has been quiet for a second). Prints the result; returns the
   * markdown row of the open.
   */
  static String indexOnly(Server s, Path folder, Path logs) throws Exception {
    Path log = logs.resolve(s.name() + "-index.log");
    Files.deleteIfExists(log);
    Client client = new Client(log);
    long t0 = System.nanoTime();
    client.t0 = t0;
    Process p = new ProcessBuilder(s.command()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Connection c = Connection.start(p, client);
    c.initialize(folder);
    long opened = 0;
    String uri = null;
    if (openDuringIndex != null) {
      uri = openDuringIndex.toUri().toString();
      opened = System.nanoTime();
      c.didOpen(uri, Files.readString(openDuringIndex, StandardCharsets.UTF_8));
      client.note("didOpen " + openDuringIndex);
    }
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
    long readyAt = System.nanoTime();
    for (Client.Status st : client.statusLog) {
      if (st.params().has("state") && st.params().get("state").getAsString().equals("ready")) {
        readyAt = st.nanos();
      }
    }
    double ms = (readyAt - t0) / 1e6;
    String row = "";
    if (uri != null && ready != null) {
      // The final diagnostics: whatever the server publishes once the index is done, within a quiet second.
      List<Client.Arrival> arrivals = new ArrayList<>();
      for (Client.Arrival a; (a = client.diagnostics.poll(1000, TimeUnit.MILLISECONDS)) != null || arrivals.isEmpty() && System.nanoTime() < readyAt + TimeUnit.SECONDS.toNanos(10); ) {
        if (a != null) {
          arrivals.add(a);
        }
      }
      client.diagnostics.drainTo(arrivals);
      Client.Arrival first = null;
      Client.Arrival last = null;
      for (Client.Arrival a : arrivals) {
        if (uri.equals(a.params().getUri())) {
          first = first == null ? a : first;
          last = a;
        }
      }
      boolean provisional = false;
      for (Client.Status st : client.statusLog) {
        provisional |= first != null && st.nanos() >= first.nanos() && st.nanos() < readyAt
            && st.params().has("provisional") && st.params().get("provisional").toString().contains(uri);
      }
      double firstMs = first == null ? Double.NaN : (first.nanos() - opened) / 1e6;
      // Final: the last publication, or the ready status when the final diagnostics equal the first ones.
      double finalMs = last == null ? Double.NaN : (Math.max(last.nanos(), readyAt) - opened) / 1e6;
      System.out.printf(Locale.ROOT, "%s: %s opened during the index: first diagnostics %.0f ms after didOpen (%s), final %.0f ms after didOpen%n",
          s.name(), openDuringIndex.getFileName(), firstMs, provisional ? "marked provisional" : "not marked provisional", finalMs);
      row = String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s | %.0f | %d / %d |%n", s.name(), ms, firstMs, provisional ? "yes" : "no", finalMs,
          first == null ? 0 : first.params().getDiagnostics().size(), last == null ? 0 : last.params().getDiagnostics().size());
      if (resultsFile != null) {
        Results.append(resultsFile, List.of(new String[] {"index", s.name(), "open_first_ms", String.valueOf(firstMs)},
            new String[] {"index", s.name(), "open_final_after_ready_ms", String.valueOf(finalMs - (readyAt - opened) / 1e6)},
            new String[] {"index", s.name(), "open_provisional", provisional ? "1" : "0"}));
      }
    }
    String heap = "";
    if (ready != null) {
      long pid = serverPid(p);
      heap = jcmd(pid, "GC.heap_info");
      jcmd(pid, "GC.run");
      heap = "before full GC:\n" + heap + "\nafter full GC:\n" + jcmd(pid, "GC.heap_info");
      if (histogram) {
        String[] lines = jcmd(pid, "GC.class_histogram").split("\n");
        heap += "\nlargest classes on the heap (jcmd GC.class_histogram):\n"
            + String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, 22)));
      }
    }
    c.close(p);
    if (ready != null) {
      System.out.printf(Locale.ROOT, "%s: index of %s: %s files in %.0f ms (process start to meshprobe/status ready)%n",
          s.name(), folder, ready.get("files"), ms);
      if (resultsFile != null) {
        Results.append(resultsFile, List.of(new String[] {"index", s.name(), "index_ms", String.valueOf(ms)},
            new String[] {"index", s.name(), "live_heap_mb", String.valueOf(liveHeapMb(heap))}));
      }
    } else {
      System.out.printf(Locale.ROOT, "%s: index of %s FAILED after %.0f ms: %s%n", s.name(), folder, ms, failure);
      if (resultsFile != null) {
        Results.append(resultsFile, List.<String[]>of(new String[] {"index", s.name(), "failed", failure}));
      }
      row = String.format(Locale.ROOT, "| %s | failed: %s | | | | |%n", s.name(), failure);
    }
    if (!heap.isEmpty()) {
      System.out.println(heap.strip());
    }
    return row;
  }

  /**
   * The heap in use after the full collection, in MB, from {@code jcmd GC.heap_info}: the old generation
   * of the serial collector (a full collection leaves every live object there, and the young one holds
   * only what was allocated since), else the whole heap (G1); NaN when it cannot be read.
   */
  static double liveHeapMb(String heapInfo) {
    int after = heapInfo.indexOf("after full GC:");
    if (after < 0) {
      return Double.NaN;
    }
    String info = heapInfo.substring(after);
    java.util.regex.Matcher tenured = java.util.regex.Pattern.compile("tenured generation\\s+total \\d+K, used (\\d+)K").matcher(info);
    if (tenured.find()) {
      return Long.parseLong(tenured.group(1)) / 1024.0;
    }
    java.util.regex.Matcher heap = java.util.regex.Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
    return heap.find() ? Long.parseLong(heap.group(1)) / 1024.0 : Double.NaN;
  }

  /**
   * The process that runs the server: a bare {@code java -jar} start runs it in a child JVM
   * (dev.meshprobe.Relaunch), which is then the one whose heap counts.
   */
  static long serverPid(Process p) {
    return p.toHandle().children().filter(c -> c.info().command().map(x -> x.endsWith("java")).orElse(false))
        .map(ProcessHandle::pid).findFirst().orElse(p.pid());
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

    /**
     * One table per file: each server's start, each kind of edit (median / p95, how many were published),
     * hover and code action medians, and how many times faster than the reference each median is.
     */
    static String render(List<Result> results, List<Server> servers, List<Target> targets, String reference) {
      StringBuilder b = new StringBuilder();
      for (Target t : targets) {
        Map<String, Result> merged = new LinkedHashMap<>();
        java.util.Set<EditKind> kinds = java.util.EnumSet.noneOf(EditKind.class);
        for (Server s : servers) {
          Result m = new Result();
          m.server = s.name();
          m.file = t.file();
          List<Double> starts = new ArrayList<>();
          for (Result r : results) {
            if (r.file.equals(t.file()) && r.server.equals(s.name())) {
              if (!Double.isNaN(r.startMs)) {
                starts.add(r.startMs);
              }
              r.editMs.forEach((k, ms) -> m.edits(k).addAll(ms));
              r.published.forEach((k, n) -> m.published.merge(k, n, Integer::sum));
              r.unanswered.forEach((k, n) -> m.unanswered.merge(k, n, Integer::sum));
              kinds.addAll(r.editMs.keySet());
              m.hoverMs.addAll(r.hoverMs);
              m.actionMs.addAll(r.actionMs);
              if (r.error != null) {
                m.error = r.error;
              }
            }
          }
          m.startMs = Stats.median(starts);
          merged.put(s.name(), m);
        }
        Result ref = reference == null ? null : merged.get(reference);
        b.append("#### ").append(display(t.file())).append("\n\n");
        b.append("| server | start→first diagnostics (ms) |");
        for (EditKind k : kinds) {
          b.append(' ').append(k.title).append(": median / p95 (ms), published |");
        }
        b.append(" hover median (ms) | code action median (ms) |");
        if (ref != null) {
          for (EditKind k : kinds) {
            b.append(' ').append(shortTitle(k)).append(": × faster than ").append(reference).append(" |");
          }
          b.append(" start: × faster |");
        }
        b.append("\n|---|---:|");
        b.append("---:|".repeat(kinds.size() + 2 + (ref == null ? 0 : kinds.size() + 1)));
        b.append('\n');
        for (Result m : merged.values()) {
          b.append("| ").append(m.server).append(m.error == null ? "" : " (" + m.error + ")").append(" | ").append(ms(m.startMs)).append(" |");
          for (EditKind k : kinds) {
            List<Double> xs = m.edits(k);
            int unanswered = m.unanswered.getOrDefault(k, 0);
            b.append(' ').append(ms(Stats.median(xs))).append(" / ").append(ms(Stats.percentile(xs, 95)))
                .append(", ").append(m.published.getOrDefault(k, 0)).append('/').append(xs.size() + unanswered)
                .append(unanswered > 0 ? " (" + unanswered + " unanswered)" : "").append(" |");
          }
          b.append(' ').append(ms(Stats.median(m.hoverMs))).append(" | ").append(ms(Stats.median(m.actionMs))).append(" |");
          if (ref != null) {
            for (EditKind k : kinds) {
              b.append(' ').append(m == ref ? "—" : times(Stats.median(ref.edits(k)), Stats.median(m.edits(k)))).append(" |");
            }
            b.append(' ').append(m == ref ? "—" : times(ref.startMs, m.startMs)).append(" |");
          }
          b.append('\n');
        }
        b.append('\n');
      }
      return b.toString();
    }

    /** The figures of {@link #render}, one line each: file, server, metric, value. */
    static List<String[]> rows(List<Result> results, List<Server> servers, List<Target> targets) {
      List<String[]> out = new ArrayList<>();
      for (Target t : targets) {
        for (Server s : servers) {
          List<Double> starts = new ArrayList<>();
          Result m = new Result();
          for (Result r : results) {
            if (r.file.equals(t.file()) && r.server.equals(s.name())) {
              if (!Double.isNaN(r.startMs)) {
                starts.add(r.startMs);
              }
              r.editMs.forEach((k, ms) -> m.edits(k).addAll(ms));
              r.unanswered.forEach((k, n) -> m.unanswered.merge(k, n, Integer::sum));
              m.hoverMs.addAll(r.hoverMs);
              m.actionMs.addAll(r.actionMs);
            }
          }
          String file = display(t.file());
          out.add(new String[] {file, s.name(), "start_ms", String.valueOf(Stats.median(starts))});
          m.editMs.forEach((k, ms) -> {
            String kind = k.name().toLowerCase(Locale.ROOT);
            out.add(new String[] {file, s.name(), kind + "_median_ms", String.valueOf(Stats.median(ms))});
            out.add(new String[] {file, s.name(), kind + "_p95_ms", String.valueOf(Stats.percentile(ms, 95))});
            out.add(new String[] {file, s.name(), kind + "_unanswered", String.valueOf(m.unanswered.getOrDefault(k, 0))});
          });
          out.add(new String[] {file, s.name(), "hover_median_ms", String.valueOf(Stats.median(m.hoverMs))});
          out.add(new String[] {file, s.name(), "action_median_ms", String.valueOf(Stats.median(m.actionMs))});
        }
      }
      return out;
    }

    private static String shortTitle(EditKind k) {
      return switch (k) {
        case VERDICT -> "verdict edit";
        case ENTER -> "Enter";
        case DIGIT -> "digit edit";
      };
    }

    /** How many times {@code ours} is faster than {@code reference} ("0.8×" when slower). */
    static String times(double reference, double ours) {
      if (Double.isNaN(reference) || Double.isNaN(ours) || ours <= 0) {
        return "—";
      }
      double r = reference / ours;
      return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.1f×", r);
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
