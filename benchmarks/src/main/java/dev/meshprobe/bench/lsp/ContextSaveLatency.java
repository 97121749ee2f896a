package dev.meshprobe.bench.lsp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * Save → diagnostics for a Helm chart and a Kustomize overlay (DESIGN §8: within 1.3× the tool's own
 * render of that context), measured as an editor feels it: the server jar started as the clients start
 * it, a file of the context open; each round edits a probe's port in the editor, writes the file and
 * sends {@code didSave}, and the clock runs from {@code didSave} to the publication that shows the new
 * port. Next to it, the tool's own render of the same context ({@code helm template}, {@code kubectl
 * kustomize}) run as a process on the same files, the same number of times. Prints medians and the ratio.
 *
 * <pre>java -cp benchmarks.jar dev.meshprobe.bench.lsp.ContextSaveLatency [--results RESULTS.tsv] SERVER_JAR TOOLS_DIR ROUNDS LOG_DIR
 *     LABEL WORKSPACE EDITED_FILE PORT TOOL_COMMAND... [-- LABEL WORKSPACE ...]</pre>
 *
 * {@code --results} appends the medians and ratios to a run's figures ({@link dev.meshprobe.bench.Results}).
 *
 * {@code EDITED_FILE} (relative to the workspace, a copy the benchmark may write) holds {@code PORT} in
 * a probe; each round alternates it with {@code PORT + 1}. {@code TOOL_COMMAND} is run in the workspace.
 */
public final class ContextSaveLatency {
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

  private ContextSaveLatency() {}

  record Case(String label, Path workspace, Path file, int port, List<String> tool) {}

  public static void main(String[] args) throws Exception {
    Path results = null;
    if (args.length > 1 && args[0].equals("--results")) {
      results = Path.of(args[1]);
      args = Arrays.copyOfRange(args, 2, args.length);
    }
    Path jar = Path.of(args[0]);
    Path tools = Path.of(args[1]).toAbsolutePath();
    int rounds = Integer.parseInt(args[2]);
    Path logs = Path.of(args[3]);
    List<Case> cases = new ArrayList<>();
    List<String> rest = Arrays.asList(args).subList(4, args.length);
    while (!rest.isEmpty()) {
      int end = rest.indexOf("--");
      List<String> c = end < 0 ? rest : rest.subList(0, end);
      Path ws = Path.of(c.get(1)).toAbsolutePath().normalize();
      cases.add(new Case(c.get(0), ws, ws.resolve(c.get(2)), Integer.parseInt(c.get(3)), List.copyOf(c.subList(4, c.size()))));
      rest = end < 0 ? List.of() : rest.subList(end + 1, rest.size());
    }
    System.out.println("| context | tool render, median (ms) | save → diagnostics, median (ms) | p90 (ms) | ratio of medians | target |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    for (Case c : cases) {
      double[] tool = new double[rounds];
      double[] save = saveTimes(c, jar, tools, rounds, logs.resolve("context-save-" + c.label().replaceAll("[^A-Za-z0-9]", "-") + ".log"), tool);
      double mt = median(tool);
      double ms = median(save);
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | ≤ 1.3 |%n", c.label(), mt, ms, percentile(save, 0.9), ms / mt);
      if (results != null) {
        String what = "contexts";
        dev.meshprobe.bench.Results.append(results, List.of(
            new String[] {what, c.label(), "tool_median_ms", String.valueOf(mt)},
            new String[] {what, c.label(), "save_median_ms", String.valueOf(ms)},
            new String[] {what, c.label(), "ratio", String.valueOf(ms / mt)}));
      }
    }
  }

  /** The tool's own render of the context, as a process started in the workspace with the tools on the PATH, in ms. */
  private static double toolTime(Case c, Path tools) throws IOException, InterruptedException {
    {
      List<String> command = new ArrayList<>(c.tool());
      // The parent's PATH finds the program; the tools' folder first, as for the server.
      if (Files.isExecutable(tools.resolve(command.get(0)))) {
        command.set(0, tools.resolve(command.get(0)).toString());
      }
      ProcessBuilder pb = new ProcessBuilder(command).directory(c.workspace().toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("PATH", tools + ":" + System.getenv("PATH"));
      long t0 = System.nanoTime();
      int code = pb.start().waitFor();
      long t1 = System.nanoTime();
      if (code != 0) {
        throw new IllegalStateException(c.label() + ": " + c.tool() + " exited " + code);
      }
      return (t1 - t0) / 1e6;
    }
  }

  /**
   * Each round, the tool's own render first ({@code tool}), then an edit, a save and the diagnostics: the
   * two are measured under the same load of a shared machine.
   */
  private static double[] saveTimes(Case c, Path jar, Path tools, int rounds, Path log, double[] tool) throws Exception {
    Files.deleteIfExists(log);
    Client client = new Client(log);
    ProcessBuilder pb = new ProcessBuilder("java", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toString(), "--stdio").redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("PATH", tools + ":" + System.getenv("PATH"));
    Process p = pb.start();
    Connection conn = Connection.start(p, client);
    String uri = c.file().toUri().toString();
    String original = Files.readString(c.file());
    try {
      conn.initialize(c.workspace());
      if (client.awaitStatus("ready", TIMEOUT) == null) {
        throw new IllegalStateException("the server never finished indexing");
      }
      conn.didOpen(uri, original);
      // The first render after the index: wait until the context's findings are shown.
      List<Diagnostic> shown = awaitPort(client, uri, c.port(), System.nanoTime()).params().getDiagnostics();
      double[] out = new double[rounds];
      String text = original;
      int version = 1;
      for (int r = -3; r < rounds; r++) {
        boolean even = ((r + 3) & 1) == 0;
        int from = even ? c.port() : c.port() + 1;
        int to = even ? c.port() + 1 : c.port();
        int at = text.indexOf("port: " + from) + "port: ".length();
        TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
            new org.eclipse.lsp4j.Range(position(text, at), position(text, at + String.valueOf(from).length())), String.valueOf(to));
        text = text.substring(0, at) + to + text.substring(at + String.valueOf(from).length());
        double own = toolTime(c, tools);
        conn.didChange(uri, ++version, change);
        // Typed, then saved a moment later (less than the typing pause, which would render on its own).
        Thread.sleep(100);
        Files.writeString(c.file(), text);
        client.diagnostics.clear();
        long t0 = System.nanoTime();
        conn.server.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri)));
        // The render shows the new port: the probe's finding names it, or (a port the container does
        // not declare, which Istio 1.5 does not capture) the finding is gone.
        Client.Arrival a = awaitChange(client, uri, shown, t0);
        shown = a.params().getDiagnostics();
        if (r >= 0) {
          out[r] = (a.nanos() - t0) / 1e6;
          tool[r] = own;
        }
        Thread.sleep(600);
      }
      return out;
    } finally {
      Files.writeString(c.file(), original);
      conn.close(p);
    }
  }

  /** Waits for a publication for {@code uri} whose findings name {@code port}. */
  private static Client.Arrival awaitPort(Client client, String uri, int port, long since) throws InterruptedException {
    return await(client, uri, ds -> names(ds, port), since, "naming port " + port);
  }

  /** Waits for a publication for {@code uri} whose findings differ from {@code before}. */
  private static Client.Arrival awaitChange(Client client, String uri, List<Diagnostic> before, long since) throws InterruptedException {
    List<String> was = messages(before);
    return await(client, uri, ds -> !messages(ds).equals(was), since, "other than " + was);
  }

  private static List<String> messages(List<Diagnostic> ds) {
    return ds.stream().map(d -> d.getRange().getStart().getLine() + " " + d.getMessage()).sorted().toList();
  }

  private static Client.Arrival await(Client client, String uri, java.util.function.Predicate<List<Diagnostic>> wanted, long since, String what)
      throws InterruptedException {
    long end = since + TIMEOUT;
    while (true) {
      long left = end - System.nanoTime();
      Client.Arrival a = client.diagnostics.poll(Math.max(1, left), TimeUnit.NANOSECONDS);
      if (a == null) {
        throw new IllegalStateException("no diagnostics " + what + " for " + uri);
      }
      if (a.params().getUri().equals(uri) && wanted.test(a.params().getDiagnostics())) {
        return a;
      }
    }
  }

  private static boolean names(List<Diagnostic> ds, int port) {
    return ds.stream().anyMatch(d -> d.getMessage().contains("port " + port + " "));
  }

  private static org.eclipse.lsp4j.Position position(String text, int offset) {
    int line = 0;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new org.eclipse.lsp4j.Position(line, offset - lineStart);
  }

  private static double median(double[] xs) {
    return percentile(xs, 0.5);
  }

  private static double percentile(double[] xs, double q) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
  }
}
