package dev.meshprobe.lsp;

import dev.meshprobe.engine.Explainer;
import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * Runs the edit path on a scratch manifest once the workspace is ready, on a thread of its own, so that
 * the JIT has compiled it before the user's first keystrokes: freshly started, the JVM interprets the
 * parser, the rules and the JSON code, and the first edits took several times longer than later ones.
 * The scratch workspace shares nothing with the real one; a request never waits for it. Off with
 * {@code -Dmeshprobe.warmup=false}.
 */
final class Warmup {
  /**
   * Enough rounds for the methods every edit runs to be compiled (the client compiler compiles a method
   * after about 200 calls), whichever of the three kinds of edit below it is.
   */
  static final int ROUNDS = 300;

  private Warmup() {}

  static boolean enabled() {
    return !"false".equals(System.getProperty("meshprobe.warmup"));
  }

  /** Starts warming up in the background; {@code stop} is asked between rounds. */
  static void start(Log log, BooleanSupplier stop) {
    Thread t = new Thread(() -> {
      try {
        int rounds = run(ROUNDS, stop);
        boolean collected = !stop.getAsBoolean() && collectYoungGeneration();
        if (!stop.getAsBoolean()) {
          // Not after shutdown: a message written as the process exits would reach the client cut.
          log.info("warmed up the edit path (" + rounds + " rounds" + (collected ? ", young generation collected" : "") + ")");
        }
      } catch (RuntimeException | StackOverflowError e) {
        log.warn("warm-up failed (no effect on results)", e);
      }
    }, "meshprobe-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** Keeps the arrays {@link #collectYoungGeneration} allocates reachable until the next one, so no compiler drops them. */
  private static volatile Object sink;

  /**
   * Fills what is left of the young generation with short-lived arrays, so that the collection the
   * start and the warm-up have made due happens now, in the pause before the first keystroke, and not
   * on one: with the serial collector a young collection stops the server for a few milliseconds (tens
   * on a loaded machine), and a GC log of the benchmark showed the warm-up's garbage collected during
   * the first edits. About 1 MB of garbage an edit then gives the next collection ~100 edits later.
   * Allocating costs a few milliseconds of this thread; nothing is done where the young collector
   * cannot be told (true when it collected).
   */
  static boolean collectYoungGeneration() {
    java.lang.management.GarbageCollectorMXBean young = null;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = gc.getName();
      if (name.equals("Copy") || name.contains("Young") || name.contains("Scavenge")) {
        young = gc;
      }
    }
    if (young == null) {
      return false;
    }
    long before = young.getCollectionCount();
    long cap = Math.min(Runtime.getRuntime().maxMemory(), 1L << 30);
    for (long allocated = 0; young.getCollectionCount() == before && allocated < cap; allocated += 1 << 20) {
      sink = new byte[1 << 20];
    }
    sink = null;
    return young.getCollectionCount() != before;
  }

  /**
   * Edits the scratch manifest {@code rounds} times as an editor would send it (the message parsed, the
   * change applied, the file linted, the diagnostics converted and written as JSON), taking turns with
   * the edits users make: a probe's port (a verdict may change), a pod's rewrite annotation made invalid
   * and valid again (its verdicts change), and Enter or Backspace at the top of the file (every
   * diagnostic moves); with a hover and the fixes of a finding every few rounds. Returns the rounds done.
   */
  static int run(int rounds, BooleanSupplier stop) {
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "meshprobe-warmup-" + ProcessHandle.current().pid()).toAbsolutePath();
    Path file = root.resolve("warmup.yaml");
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    Uris uris = new Uris();
    MessageJsonHandler json = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(MeshprobeServer.class),
        gson -> gson.registerTypeAdapterFactory(new PublishedDiagnostic.Json()));
    String uri = uris.uriOf(file);
    String text = manifest(8);
    ws.openFile(file, text);
    Map<Finding, Diagnostic> converted = new IdentityHashMap<>();
    List<int[]> ports = portDigits(text);
    boolean entered = false;
    int done = 0;
    for (; done < rounds && !stop.getAsBoolean(); done++) {
      SourceText source = ws.file(file).source();
      Range range;
      String inserted;
      switch (done % 3) {
        case 0 -> {
          int[] site = ports.get((done / 3) % ports.size());
          int line = site[0] + (entered ? 1 : 0);
          char next = source.text().charAt(source.lines().offset(line, site[1])) == '1' ? '2' : '1';
          range = new Range(new Position(line, site[1]), new Position(line, site[1] + 1));
          inserted = String.valueOf(next);
        }
        case 1 -> {
          // Breaks the pods' "false" one after the other, then mends them.
          int annotation = source.text().indexOf(REWRITE_FALSE);
          boolean mend = annotation < 0;
          if (mend) {
            annotation = source.text().indexOf(REWRITE_INVALID);
          }
          var p = source.position(annotation + REWRITE_FALSE.length() - 2);
          range = new Range(new Position(p.line(), p.character()), new Position(p.line(), p.character() + 1));
          inserted = mend ? "e" : "x";
        }
        default -> {
          range = new Range(new Position(0, 0), new Position(entered ? 1 : 0, 0));
          inserted = entered ? "" : "\n";
          entered = !entered;
        }
      }
      TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(range, inserted);
      json.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\""
          + uri + "\",\"version\":" + done + "},\"contentChanges\":[" + json.getGson().toJson(change) + "]}}");
      TextChange at = Session.change(source, change);
      String edited = Session.apply(source, change);
      ws.openFile(file, edited, at);
      List<Finding> findings = ws.lint(file);
      Map<Finding, Diagnostic> next = new IdentityHashMap<>();
      List<Diagnostic> diagnostics = Convert.diagnostics(findings, ws.file(file).source(), ws, uris, converted, next);
      converted = next;
      NotificationMessage publish = new NotificationMessage();
      publish.setMethod("textDocument/publishDiagnostics");
      publish.setParams(new PublishDiagnosticsParams(uri, diagnostics, done));
      json.serialize(publish);
      if (done % 5 == 0 && !findings.isEmpty()) {
        Finding f = findings.get(done % findings.size());
        new Explainer(ws).hover(file, f.where().start());
        new FixSupport(ws).fixes(file, f);
      }
    }
    return done;
  }

  private static final String REWRITE_FALSE = "sidecar.istio.io/rewriteAppHTTPProbers: \"false\"";
  private static final String REWRITE_INVALID = "sidecar.istio.io/rewriteAppHTTPProbers: \"falsx\"";

  /** Line and column of the first digit of every numbered probe port in {@code text}. */
  static List<int[]> portDigits(String text) {
    List<int[]> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    boolean inProbe = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.contains("Probe:")) {
        inProbe = true;
      } else if (inProbe && line.trim().startsWith("port: ")) {
        int at = line.indexOf("port: ") + "port: ".length();
        if (at < line.length() && Character.isDigit(line.charAt(at))) {
          out.add(new int[] {i, at});
        }
        inProbe = false;
      }
    }
    return out;
  }

  /**
   * A namespace with injection on, a STRICT PeerAuthentication, and {@code apps} Deployments with their
   * Services whose probes use every handler kind (and a port name no container declares), with the
   * rewrite on for some and off for others. {@link StartupWarmup} lints it too.
   */
  static String manifest(int apps) {
    StringBuilder s = new StringBuilder("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: warmup
          labels:
            istio-injection: enabled
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: warmup
        spec:
          mtls:
            mode: STRICT
        """);
    String[] handlers = {"httpGet:\n              path: /healthz\n              port: 1", "tcpSocket:\n              port: 1",
        "grpc:\n              port: 1", "httpGet:\n              scheme: HTTPS\n              port: 1"};
    for (int i = 0; i < apps; i++) {
      s.append("""
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: app-%1$d
            namespace: warmup
            annotations:
              note: "# meshprobe:ignore in a string"
          spec:
            replicas: 2
            selector:
              matchLabels: {app: app-%1$d}
            template:
              metadata:
                labels: {app: app-%1$d}
                annotations:
                  sidecar.istio.io/rewriteAppHTTPProbers: "%2$s"
                  traffic.sidecar.istio.io/excludeInboundPorts: "9090"
              spec:
                containers:
                  - name: main
                    image: example/app:1
                    ports:
                      - name: http
                        containerPort: 18%1$02d
                    livenessProbe:
                      %3$s8%1$02d
                      periodSeconds: 10
                    readinessProbe:
                      %4$s8%1$02d
                  - name: side
                    image: example/side:1
                    livenessProbe:
                      exec:
                        command: ["/bin/true"]
                    readinessProbe:
                      httpGet:
                        port: admin
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: app-%1$d
            namespace: warmup
          spec:
            selector: {app: app-%1$d}
            ports:
              - name: http
                port: 80
                targetPort: 18%1$02d
          """.formatted(i, i % 3 == 0 ? "true" : "false", handlers[i % handlers.length], handlers[(i + 1) % handlers.length]));
    }
    return s.toString();
  }
}
