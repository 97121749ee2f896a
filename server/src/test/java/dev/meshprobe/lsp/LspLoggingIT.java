package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.SeedManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LSP4J's own log as an editor sees it, from the built jar over stdio: a burst of cancelled requests
 * (what typing does to hovers, inlay hints and code actions) writes nothing to the server's log, while
 * a real LSP4J warning still arrives, as one line of the server's log ({@code window/logMessage}), not
 * as java.util.logging's two-line records on standard error. With tracing on, cancellations show.
 */
@Timeout(60)
class LspLoggingIT {
  @TempDir Path dir;

  private record Session(List<String> logs, String stderr) {}

  /** An editor that records the server's log messages. */
  private static final class Editor implements LanguageClient {
    final List<String> logs = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> diagnostics = new CompletableFuture<>();

    @Override
    public void logMessage(MessageParams message) {
      logs.add(message.getMessage());
    }

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
      diagnostics.complete(null);
    }

    @Override
    public void telemetryEvent(Object object) {}

    /** The server's status line (the VS Code extension shows it). */
    @JsonNotification("meshprobe/status")
    public void status(Object params) {}

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** A session with a burst of hovers cancelled as an editor cancels them, cancellations of answered requests, and one unknown notification. */
  private Session session(String trace) throws Exception {
    assumeTrue(Files.isRegularFile(StdioClientIT.JAR), "the jar is built by `mvn package`");
    Path web = Files.writeString(dir.resolve("web.yaml"), SeedManifests.WEB);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = dir.resolve("stderr-" + trace + ".txt");
    Process p = new ProcessBuilder(java.toString(), "-jar", StdioClientIT.JAR.toString(), "--stdio").redirectError(stderr.toFile()).start();
    try {
      Editor editor = new Editor();
      Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(editor, p.getInputStream(), p.getOutputStream());
      launcher.startListening();
      LanguageServer server = launcher.getRemoteProxy();
      RemoteEndpoint raw = launcher.getRemoteEndpoint();
      InitializeParams init = new InitializeParams();
      init.setWorkspaceFolders(List.of(new WorkspaceFolder(dir.toUri().toString(), "ws")));
      init.setCapabilities(new ClientCapabilities());
      init.setTrace(trace);
      server.initialize(init).get(20, TimeUnit.SECONDS);
      server.initialized(new InitializedParams());
      String uri = web.toUri().toString();
      server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, SeedManifests.WEB)));
      editor.diagnostics.get(20, TimeUnit.SECONDS);
      List<CompletableFuture<?>> hovers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        // Cancelling the future sends $/cancelRequest, as an editor does when the text moves on.
        CompletableFuture<?> hover = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(14, i % 10)));
        hover.cancel(true);
        hovers.add(hover);
      }
      // Cancellations of requests answered long ago (or never sent): LSP4J finds nothing to cancel.
      for (int i = 0; i < 20; i++) {
        CancelParams cancel = new CancelParams();
        cancel.setId(String.valueOf(1000 + i));
        raw.notify("$/cancelRequest", cancel);
      }
      // LSP4J warns about a notification nobody handles: a real warning, which must still be logged.
      raw.notify("meshprobe/noSuchNotification", Map.of());
      server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(14, 3))).get(20, TimeUnit.SECONDS);
      server.shutdown().get(20, TimeUnit.SECONDS);
      server.exit();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the server exits");
      return new Session(editor.logs, Files.readString(stderr));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void cancellationsLeaveTheLogQuietAndRealWarningsArriveAsOneLineEach() throws Exception {
    Session s = session("off");
    String all = String.join("\n", s.logs()) + "\n" + s.stderr();
    assertFalse(all.contains("cancel notification") || all.contains("handleCancellation"), "cancellations logged:\n" + all);
    assertFalse(s.stderr().contains("org.eclipse.lsp4j"), "java.util.logging's own format on stderr:\n" + s.stderr());
    List<String> unsupported = s.logs().stream().filter(l -> l.contains("noSuchNotification")).toList();
    assertEquals(1, unsupported.size(), "the real warning, once, through the server's log: " + s.logs());
    assertTrue(unsupported.get(0).startsWith("lsp4j "), unsupported.get(0));
  }

  @Test
  void withTracingOnCancellationsAreLoggedToo() throws Exception {
    Session s = session("verbose");
    assertTrue(s.logs().stream().anyMatch(l -> l.contains("cancel notification")), "cancellations while tracing: " + s.logs());
    assertFalse(s.stderr().contains("org.eclipse.lsp4j"), s.stderr());
  }
}
