package dev.meshprobe.bench.lsp;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.DidChangeConfigurationCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.SynchronizationCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/** One server process seen through LSP4J, with the editor-like messages the benchmark sends. */
final class Connection {
  final LanguageServer server;

  private Connection(LanguageServer server) {
    this.server = server;
  }

  static Connection start(Process p, Client client) {
    Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>()
        .setLocalService(client)
        .setRemoteInterface(LanguageServer.class)
        .setInput(client.arrivals(p.getInputStream()))
        .setOutput(p.getOutputStream())
        .create();
    launcher.startListening();
    return new Connection(launcher.getRemoteProxy());
  }

  /** {@code initialize} with the capabilities of a plain editor, then {@code initialized}. */
  void initialize(Path root) throws Exception {
    InitializeParams params = new InitializeParams();
    params.setProcessId((int) ProcessHandle.current().pid());
    params.setRootUri(root.toUri().toString());
    params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), root.getFileName().toString())));
    ClientCapabilities caps = new ClientCapabilities();
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    ws.setConfiguration(true);
    ws.setWorkspaceFolders(true);
    ws.setDidChangeConfiguration(new DidChangeConfigurationCapabilities(false));
    caps.setWorkspace(ws);
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    PublishDiagnosticsCapabilities pd = new PublishDiagnosticsCapabilities(true);
    pd.setVersionSupport(true);
    td.setPublishDiagnostics(pd);
    td.setHover(new HoverCapabilities(List.of("markdown", "plaintext"), false));
    // As VS Code asks for code actions: the edits of the one the user picks are resolved then
    // (codeAction/resolve), so a request lists the actions without computing every edit.
    CodeActionCapabilities actions = new CodeActionCapabilities(new CodeActionLiteralSupportCapabilities(
        new CodeActionKindCapabilities(List.of("quickfix", "source", "source.fixAll"))), false);
    actions.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    actions.setDataSupport(true);
    td.setCodeAction(actions);
    td.setSynchronization(new SynchronizationCapabilities(false, false, false));
    caps.setTextDocument(td);
    params.setCapabilities(caps);
    server.initialize(params).get(120, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
  }

  void didOpen(String uri, String text) {
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
  }

  void didChange(String uri, int version, TextDocumentContentChangeEvent change) {
    server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
  }

  /** {@code shutdown}, {@code exit}, and the process's end (a JVM writing a CDS archive at exit takes a while). */
  void close(Process p) {
    try {
      CompletableFuture<Object> f = server.shutdown();
      f.get(30, TimeUnit.SECONDS);
      server.exit();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroy();
      }
    } catch (Exception e) {
      p.destroy();
    }
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
