package dev.meshprobe.lsp;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticCapabilities;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * An editor in a test: an LSP4J client connected to an in-process server over pipes, driven in terms
 * of text fragments (never hand-counted coordinates) and waiting for what the server publishes.
 */
final class LspHarness implements AutoCloseable {
  final List<PublishDiagnosticsParams> published = new CopyOnWriteArrayList<>();
  final List<MeshprobeClient.StatusParams> statuses = new CopyOnWriteArrayList<>();
  final List<RegistrationParams> registrations = new CopyOnWriteArrayList<>();
  final List<MessageParams> logs = new CopyOnWriteArrayList<>();
  /** Publications and statuses in the order they arrived. */
  final List<Object> received = new CopyOnWriteArrayList<>();
  volatile Map<String, Object> settings;
  final LanguageServer server;
  private final Map<String, String> texts = new ConcurrentHashMap<>();
  private final Map<String, Integer> versions = new ConcurrentHashMap<>();
  private final MeshprobeServer serverImpl = new MeshprobeServer();

  LspHarness(Path root, Map<String, Object> initializationOptions, boolean pullDiagnostics) throws Exception {
    this(root, initializationOptions, pullDiagnostics, server -> {});
  }

  /** With {@code setUp} done to the server before {@code initialize}. */
  LspHarness(Path root, Map<String, Object> initializationOptions, boolean pullDiagnostics,
      java.util.function.Consumer<MeshprobeServer> setUp) throws Exception {
    setUp.accept(serverImpl);
    PipedInputStream serverIn = new PipedInputStream(1 << 20);
    PipedOutputStream clientOut = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    serverImpl.onExit(() -> {});
    Launcher<MeshprobeClient> sl = new LSPLauncher.Builder<MeshprobeClient>().setLocalService(serverImpl)
        .setRemoteInterface(MeshprobeClient.class).setInput(serverIn).setOutput(serverOut).create();
    serverImpl.connect(sl.getRemoteProxy());
    sl.startListening();
    Client client = new Client();
    Launcher<LanguageServer> cl = new LSPLauncher.Builder<LanguageServer>().setLocalService(client)
        .setRemoteInterface(LanguageServer.class).setInput(clientIn).setOutput(clientOut).create();
    server = cl.getRemoteProxy();
    cl.startListening();
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "test")));
    init.setInitializationOptions(initializationOptions);
    ClientCapabilities caps = new ClientCapabilities();
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    ws.setConfiguration(true);
    ws.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
    caps.setWorkspace(ws);
    if (pullDiagnostics) {
      TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
      td.setDiagnostic(new DiagnosticCapabilities());
      caps.setTextDocument(td);
    }
    init.setCapabilities(caps);
    server.initialize(init).get(10, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
  }

  /** The client side: records what the server sends and answers its requests. */
  private final class Client implements MeshprobeClient {
    @Override
    public void status(StatusParams params) {
      statuses.add(params);
      received.add(params);
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      published.add(diagnostics);
      received.add(diagnostics);
    }

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {
      logs.add(message);
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
      registrations.add(params);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
      List<Object> out = new ArrayList<>();
      out.add(settings);
      return CompletableFuture.completedFuture(out);
    }
  }

  /** The server itself, for what only its state shows. */
  MeshprobeServer impl() {
    return serverImpl;
  }

  void open(Path file, String text) {
    String uri = file.toUri().toString();
    texts.put(uri, text);
    versions.put(uri, 1);
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
  }

  /** Replaces the first occurrence of {@code fragment} in the open document with {@code replacement}, as an incremental edit. */
  void replace(Path file, String fragment, String replacement) {
    String uri = file.toUri().toString();
    String text = texts.get(uri);
    int at = text.indexOf(fragment);
    if (at < 0) {
      throw new IllegalArgumentException("no `" + fragment + "` in " + file);
    }
    Range range = new Range(position(text, at), position(text, at + fragment.length()));
    String next = text.substring(0, at) + replacement + text.substring(at + fragment.length());
    texts.put(uri, next);
    int version = versions.merge(uri, 1, Integer::sum);
    server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version),
        List.of(new TextDocumentContentChangeEvent(range, replacement))));
  }

  void close(Path file) {
    server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(file.toUri().toString())));
  }

  void fileChangedOnDisk(Path file) {
    server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
        List.of(new FileEvent(file.toUri().toString(), FileChangeType.Changed))));
  }

  void settingsChanged(Map<String, Object> newSettings) {
    settings = newSettings;
    server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(Map.of("meshprobe", newSettings)));
  }

  String text(Path file) {
    return texts.get(file.toUri().toString());
  }

  /** The UTF-16 position of the first occurrence of {@code fragment} in the open document. */
  Position at(Path file, String fragment) {
    String text = text(file);
    int i = text.indexOf(fragment);
    if (i < 0) {
      throw new IllegalArgumentException("no `" + fragment + "`");
    }
    return position(text, i);
  }

  static Position position(String text, int offset) {
    int line = 0;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, offset - lineStart);
  }

  Hover hover(Path file, String fragment) throws Exception {
    return server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(file.toUri().toString()), at(file, fragment)))
        .get(10, TimeUnit.SECONDS);
  }

  /** Waits for {@code meshprobe/status} "ready": the first index is done. */
  MeshprobeClient.StatusParams awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (MeshprobeClient.StatusParams s : statuses) {
        if (s.state().equals("ready")) {
          return s;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the index never ended; statuses: " + statuses);
  }

  /** Waits until the latest diagnostics published for the file satisfy {@code condition}, and returns them. */
  List<Diagnostic> awaitDiagnostics(Path file, Predicate<List<Diagnostic>> condition) throws InterruptedException {
    String uri = file.toUri().toString();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Diagnostic> last = null;
    while (System.nanoTime() < deadline) {
      last = latest(uri);
      if (last != null && condition.test(last)) {
        return last;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("diagnostics for " + file.getFileName() + " never matched; last: " + last);
  }

  private List<Diagnostic> latest(String uri) {
    for (int i = published.size() - 1; i >= 0; i--) {
      if (published.get(i).getUri().equals(uri)) {
        return published.get(i).getDiagnostics();
      }
    }
    return null;
  }

  /**
   * Waits until the server has handled everything sent so far (a request is answered after the
   * notifications before it) and no chart or overlay is waiting to be rendered or being rendered (the
   * last {@code meshprobe/status} says {@code rendering: 0}); then every render due has been published.
   */
  void awaitRendersIdle() throws Exception {
    server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier("file:///barrier.yaml"), new Position(0, 0)))
        .get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!statuses.isEmpty() && statuses.get(statuses.size() - 1).rendering() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("renders never settled: " + statuses.get(statuses.size() - 1));
      }
      Thread.sleep(5);
    }
  }

  /** The diagnostics last published for the file (null when none were). */
  List<Diagnostic> diagnostics(Path file) {
    return latest(file.toUri().toString());
  }

  /** Sends {@code didSave} for the file. */
  void saved(Path file) {
    server.getTextDocumentService().didSave(new org.eclipse.lsp4j.DidSaveTextDocumentParams(new TextDocumentIdentifier(file.toUri().toString())));
  }

  void fileEvent(Path file, FileChangeType type) {
    server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(new FileEvent(file.toUri().toString(), type))));
  }

  /** The text a diagnostic's range covers in the open document. */
  String covered(Path file, Diagnostic d) {
    String text = text(file);
    return text.substring(offset(text, d.getRange().getStart()), offset(text, d.getRange().getEnd()));
  }

  static int offset(String text, Position p) {
    int line = 0;
    int i = 0;
    while (line < p.getLine() && i < text.length()) {
      char c = text.charAt(i++);
      if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
        line++;
      }
    }
    return i + p.getCharacter();
  }

  @Override
  public void close() throws IOException {
    try {
      server.shutdown().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(e);
    }
    server.exit();
  }
}
