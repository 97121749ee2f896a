package dev.meshprobe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sets the figures of one benchmark run ({@link Results}, written by {@code scripts/bench-targets.sh})
 * against the targets of DESIGN §8, the server as the editor clients start it and as a bare
 * {@code java -jar} side by side, with yaml-language-server where the target is a ratio to it.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.Targets RESULTS.tsv OUT.md</pre>
 */
public final class Targets {
  /** The names the scripts give the servers and commands. */
  public static final String CLIENTS = "meshprobe (as the clients start it)";
  public static final String BARE = "meshprobe (bare java -jar)";
  public static final String REFERENCE = "yaml-language-server";
  public static final String GENERATED = "generated.yaml (generated)";
  public static final String INDEX_CLIENTS = "meshprobe (as VS Code starts it for 2,000+ manifests, -Xmx512m)";
  public static final String INDEX_BARE = "meshprobe (bare java -Xmx512m -jar)";
  public static final String CLI = "java -jar meshprobe.jar check";
  /** The chart and the overlay of {@code scripts/bench-contexts.sh} (ContextSaveLatency). */
  public static final String CHART = "microservices-demo helm-chart";
  public static final String OVERLAY = "microservices-demo kubernetes-manifests";

  private final Map<String, String> values = new HashMap<>();

  private Targets(List<String[]> rows) {
    for (String[] r : rows) {
      if (r.length == 4) {
        values.put(r[0] + "\t" + r[1] + "\t" + r[2], r[3]);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Targets t = new Targets(Results.read(Path.of(args[0])));
    String table = t.table();
    System.out.print(table);
    if (args.length > 1) {
      Files.writeString(Path.of(args[1]), table);
    }
  }

  private double get(String what, String server, String metric) {
    String v = values.get(what + "\t" + server + "\t" + metric);
    try {
      return v == null ? Double.NaN : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private String table() {
    StringBuilder b = new StringBuilder();
    b.append("| target (DESIGN §8) | as the clients start it | bare `java -jar` | yaml-language-server | met? |\n");
    b.append("|---|---:|---:|---:|---|\n");
    for (String kind : List.of("verdict", "enter")) {
      String title = kind.equals("verdict") ? "edit that changes one document's verdicts" : "Enter at the top (every diagnostic moves)";
      double cm = get(GENERATED, CLIENTS, kind + "_median_ms");
      double bm = get(GENERATED, BARE, kind + "_median_ms");
      double rm = get(GENERATED, REFERENCE, kind + "_median_ms");
      row(b, title + ", 13k-line file: median ≤ 3 ms", ms(cm), ms(bm), ms(rm), cm <= 3 && bm <= 3);
      double cp = get(GENERATED, CLIENTS, kind + "_p95_ms");
      double bp = get(GENERATED, BARE, kind + "_p95_ms");
      row(b, title + ": p95 ≤ 6 ms", ms(cp), ms(bp), ms(get(GENERATED, REFERENCE, kind + "_p95_ms")), cp <= 6 && bp <= 6);
      row(b, title + ": ≥ 100× faster than yaml-language-server", times(rm / cm), times(rm / bm), "1×", rm / cm >= 100 && rm / bm >= 100);
    }
    double cs = get(GENERATED, CLIENTS, "start_ms");
    double bs = get(GENERATED, BARE, "start_ms");
    row(b, "server start → first diagnostics: ≤ 500 ms as the clients start it, ≤ 600 ms bare", ms(cs), ms(bs),
        ms(get(GENERATED, REFERENCE, "start_ms")), cs <= 500 && bs <= 600);
    double ch = get(GENERATED, CLIENTS, "hover_median_ms");
    double bh = get(GENERATED, BARE, "hover_median_ms");
    row(b, "hover: median ≤ 3 ms", ms(ch), ms(bh), ms(get(GENERATED, REFERENCE, "hover_median_ms")), ch <= 3 && bh <= 3);
    double ca = get(GENERATED, CLIENTS, "action_median_ms");
    double ba = get(GENERATED, BARE, "action_median_ms");
    row(b, "code action: median ≤ 3 ms", ms(ca), ms(ba), ms(get(GENERATED, REFERENCE, "action_median_ms")), ca <= 3 && ba <= 3);
    double cli = get("cli", CLI, "wall_median_s");
    row(b, "CLI over the shared corpus: process wall time ≤ 2 s", "—", seconds(cli), "—", cli <= 2);
    double ci = get("index", INDEX_CLIENTS, "index_ms");
    double bi = get("index", INDEX_BARE, "index_ms");
    row(b, "10,000-file workspace: index ≤ 10 s (`-Xmx512m`)", seconds(ci / 1000), seconds(bi / 1000), "—", ci <= 10_000);
    double ch2 = get("index", INDEX_CLIENTS, "live_heap_mb");
    double bh2 = get("index", INDEX_BARE, "live_heap_mb");
    row(b, "10,000-file workspace: heap ≤ 512 MB (indexed under `-Xmx512m`; live after a full GC)", mb(ch2), mb(bh2), "—",
        ch2 <= 512 && values.get("index\t" + INDEX_CLIENTS + "\tfailed") == null);
    double cf = get("index", INDEX_CLIENTS, "open_first_ms");
    double bf = get("index", INDEX_BARE, "open_first_ms");
    row(b, "file opened during that index: first (provisional) diagnostics ≤ 1 s after didOpen", ms(cf) + provisional(INDEX_CLIENTS),
        ms(bf) + provisional(INDEX_BARE), "—", cf <= 1000 && bf <= 1000 && get("index", INDEX_CLIENTS, "open_provisional") == 1);
    double cz = get("index", INDEX_CLIENTS, "open_final_after_ready_ms");
    double bz = get("index", INDEX_BARE, "open_final_after_ready_ms");
    row(b, "…and the final ones when the index ends (time after \"ready\")", ms(cz), ms(bz), "—", cz <= 1000 && bz <= 1000);
    for (String context : List.of(CHART, OVERLAY)) {
      double ratio = get("contexts", context, "ratio");
      row(b, context + ": save → diagnostics ≤ 1.3× the tool's own render (" + ms(get("contexts", context, "tool_median_ms")) + ")",
          ms(get("contexts", context, "save_median_ms")) + " (" + ratio(ratio) + ")", "—", "—", ratio <= 1.3);
    }
    return b.toString();
  }

  private String provisional(String server) {
    return get("index", server, "open_provisional") == 1 ? " (provisional)" : "";
  }

  private static void row(StringBuilder b, String target, String clients, String bare, String reference, boolean met) {
    b.append("| ").append(target).append(" | ").append(clients).append(" | ").append(bare).append(" | ").append(reference)
        .append(" | ").append(met ? "yes" : "**no**").append(" |\n");
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, v >= 100 ? "%.0f ms" : "%.1f ms", v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f×", v);
  }

  private static String seconds(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f s", v);
  }

  private static String mb(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f MB", v);
  }

  private static String times(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.0f×", v);
  }
}
