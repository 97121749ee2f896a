package dev.meshprobe.lsp;

import dev.meshprobe.bench.ManifestGenerator;
import dev.meshprobe.bench.Sites;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * The engine thread's work for each kind of edit of the benchmark file, stage by stage, in one thread
 * of this JVM (start it with the server's flags to see what they do): the change applied to the text,
 * the workspace updated ({@code openFile}), the file linted, the findings converted, the publication
 * written as JSON. Prints the median and the 95th percentile of each stage over the edits, after the
 * warm-up edits. Nothing here is used by the server.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar dev.meshprobe.lsp.EditStages [EDITS] [WARMUP]</pre>
 */
public final class EditStages {
  private EditStages() {}

  private static final String[] STAGES = {"apply", "openFile", "lint", "convert", "json", "total"};

  public static void main(String[] args) {
    int edits = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    // With a third argument, the server's own warm-up (Warmup.run) that many rounds first.
    if (args.length > 2) {
      long w0 = System.nanoTime();
      Warmup.run(Integer.parseInt(args[2]), () -> false);
      System.out.printf(Locale.ROOT, "server warm-up: %.0f ms%n", (System.nanoTime() - w0) / 1e6);
    }
    boolean each = Boolean.getBoolean("stages.each");
    String original = ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED);
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "meshprobe-edit-stages", "generated.yaml").toAbsolutePath();
    List<Sites.Site> sites = Sites.rewriteFalseLetters(original);
    for (String kind : List.of("verdict", "enter")) {
      Workspace ws = new Workspace(List.of(file.getParent()), Log.SILENT);
      Uris uris = new Uris();
      MessageJsonHandler json = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(MeshprobeServer.class),
          gson -> gson.registerTypeAdapterFactory(new PublishedDiagnostic.Json()));
      ws.openFile(file, original);
      Map<Finding, Diagnostic> converted = new IdentityHashMap<>();
      Convert.diagnostics(ws.lint(file), ws.file(file).source(), ws, uris, Map.of(), converted);
      List<List<Double>> times = new ArrayList<>();
      for (int s = 0; s < STAGES.length; s++) {
        times.add(new ArrayList<>());
      }
      long[] allocated = new long[STAGES.length];
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
      long me = Thread.currentThread().getId();
      for (int i = 0; i < warmup + edits; i++) {
        SourceText source = ws.file(file).source();
        TextDocumentContentChangeEvent change;
        if (kind.equals("verdict")) {
          Sites.Site site = sites.get((i / 2) % sites.size());
          // Sites are offsets in the original text: every pair of edits puts the text back.
          char now = source.text().charAt(site.offset());
          change = new TextDocumentContentChangeEvent(new Range(new Position(site.line(), site.character()),
              new Position(site.line(), site.character() + 1)), now == 'e' ? "x" : "e");
        } else {
          change = new TextDocumentContentChangeEvent(new Range(new Position(0, 0), new Position(0, 0)), "\n");
        }
        long a0 = threads.getThreadAllocatedBytes(me);
        long t0 = System.nanoTime();
        TextChange at = Session.change(source, change);
        String text = Session.apply(source, change);
        long t1 = System.nanoTime();
        long a1 = threads.getThreadAllocatedBytes(me);
        ws.openFile(file, text, at);
        long t2 = System.nanoTime();
        long a2 = threads.getThreadAllocatedBytes(me);
        List<Finding> findings = ws.lint(file);
        long t3 = System.nanoTime();
        long a3 = threads.getThreadAllocatedBytes(me);
        Map<Finding, Diagnostic> next = new IdentityHashMap<>();
        List<Diagnostic> diagnostics = Convert.diagnostics(findings, ws.file(file).source(), ws, uris, converted, next);
        converted = next;
        long t4 = System.nanoTime();
        long a4 = threads.getThreadAllocatedBytes(me);
        NotificationMessage publish = new NotificationMessage();
        publish.setMethod("textDocument/publishDiagnostics");
        publish.setParams(new PublishDiagnosticsParams(uris.uriOf(file), diagnostics, i));
        json.serialize(publish);
        long t5 = System.nanoTime();
        long a5 = threads.getThreadAllocatedBytes(me);
        if (each && i < warmup + 12) {
          System.out.printf(Locale.ROOT, "  %s %d: apply %.2f openFile %.2f lint %.2f convert %.2f json %.2f%n", kind, i,
              (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
        }
        if (i >= warmup) {
          long[] a = {a0, a1, a2, a3, a4, a5};
          for (int s = 0; s < 5; s++) {
            allocated[s] += a[s + 1] - a[s];
          }
          allocated[5] += a5 - a0;
          long[] t = {t0, t1, t2, t3, t4, t5};
          for (int s = 0; s < 5; s++) {
            times.get(s).add((t[s + 1] - t[s]) / 1e6);
          }
          times.get(5).add((t5 - t0) / 1e6);
        }
      }
      StringBuilder line = new StringBuilder(kind + ":");
      for (int s = 0; s < STAGES.length; s++) {
        List<Double> xs = times.get(s);
        xs.sort(null);
        line.append(String.format(Locale.ROOT, "  %s %.3f/%.3f", STAGES[s], xs.get(xs.size() / 2), xs.get((int) Math.ceil(xs.size() * 0.95) - 1)));
      }
      System.out.println(line + "  (ms, median/p95 of " + edits + " edits)");
      StringBuilder alloc = new StringBuilder("  allocated per edit (KB):");
      for (int s = 0; s < STAGES.length; s++) {
        alloc.append(String.format(Locale.ROOT, "  %s %d", STAGES[s], allocated[s] / edits / 1024));
      }
      System.out.println(alloc);
    }
  }
}
