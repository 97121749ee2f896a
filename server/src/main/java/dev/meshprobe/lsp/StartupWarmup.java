package dev.meshprobe.lsp;

import com.google.gson.Gson;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * Start-up work done ahead, on the second core, while the main thread builds the protocol connection
 * and waits for {@code initialize}: the Gson type adapters of the first messages (LSP4J builds one per
 * class of InitializeParams' large type graph the first time it reads one), and one lint of a small
 * manifest in a throwaway workspace, which loads and initialises the parser, model, rule and
 * conversion classes the first real lint would otherwise pay for on the engine thread. It touches no
 * state the server uses, reads no files, and sends nothing; a failure is ignored. Turned off with
 * {@code -Dmeshprobe.startupWarmup=false}.
 */
final class StartupWarmup {
  static final String PROPERTY = "meshprobe.startupWarmup";

  private StartupWarmup() {}

  /** Starts the warm-up on a daemon thread, unless turned off. */
  static void start(Gson gson) {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return;
    }
    Thread t = new Thread(() -> run(gson), "meshprobe-startup-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void run(Gson gson) {
    try {
      if (gson != null) {
        for (Class<?> c : List.of(InitializeParams.class, InitializeResult.class, DidOpenTextDocumentParams.class,
            PublishDiagnosticsParams.class, DidChangeTextDocumentParams.class, HoverParams.class)) {
          gson.getAdapter(c);
        }
      }
      Workspace ws = new Workspace(List.of(), Log.SILENT);
      Path file = Path.of(System.getProperty("java.io.tmpdir"), "meshprobe-warmup", "warmup.yaml").toAbsolutePath();
      ws.openFile(file, Warmup.manifest(2));
      Uris uris = new Uris();
      List<Diagnostic> out = Convert.diagnostics(ws.lint(file), ws.file(file).source(), ws, uris);
      if (gson != null) {
        gson.toJson(new PublishDiagnosticsParams(uris.uriOf(file), out, 1));
      }
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // Only an optimisation: the real work will load what it needs.
    }
  }
}
