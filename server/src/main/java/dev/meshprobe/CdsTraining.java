package dev.meshprobe;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.SynchronizationCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The build's training session for the class-data archive (see {@link CdsArchive}): starts the
 * language server as a child process with {@code -XX:DumpLoadedClassList=OUT}, on this JVM's class
 * path, and drives it as an editor does over its standard input and output: initialize, open every
 * YAML file of a folder, wait for the diagnostics, hover on the probe keys, ask for code actions, edit,
 * shut down. OUT then names every class the server loads while starting and serving those requests.
 *
 * <pre>java -cp CLASSPATH dev.meshprobe.CdsTraining OUT.classlist WORKSPACE_FOLDER</pre>
 *
 * Exits non-zero when the server did not answer as expected: a training session that saw no
 * diagnostics would leave the lint classes out of the archive.
 */
public final class CdsTraining {
  private static final long TIMEOUT_S = 60;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CdsTraining OUT.classlist WORKSPACE_FOLDER");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    Path root = Path.of(args[1]).toRealPath();
    Files.createDirectories(out.getParent());
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    long t0 = System.nanoTime();
    int diagnostics = train(tmp, root);
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    long classes;
    try (Stream<String> lines = Files.lines(out, StandardCharsets.UTF_8)) {
      classes = lines.filter(l -> !l.startsWith("#") && !l.startsWith("@")).count();
    }
    System.out.printf(Locale.ROOT, "CDS training: %d classes, %d diagnostics, %.1f s -> %s%n",
        classes, diagnostics, (System.nanoTime() - t0) / 1e9, out);
    System.exit(0);
  }

  private static int train(Path classList, Path root) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no YAML files under " + root);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-XX:DumpLoadedClassList=" + classList,
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--stdio")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      Client client = new Client();
      Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>()
          .setLocalService(client)
          .setRemoteInterface(LanguageServer.class)
          .setInput(server.getInputStream())
          .setOutput(server.getOutputStream())
          .create();
      LanguageServer remote = launcher.getRemoteProxy();
      launcher.startListening();

      remote.initialize(initializeParams(root)).get(TIMEOUT_S, TimeUnit.SECONDS);
      remote.initialized(new InitializedParams());
      // Open the files once the folder is indexed, so that their first diagnostics are complete.
      client.ready.get(TIMEOUT_S, TimeUnit.SECONDS);
      int diagnostics = 0;
      for (Path f : files) {
        String uri = f.toUri().toString();
        String text = Files.readString(f, StandardCharsets.UTF_8);
        remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
        PublishDiagnosticsParams published = client.await(uri).get(TIMEOUT_S, TimeUnit.SECONDS);
        diagnostics += published.getDiagnostics().size();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          int col = lines[i].indexOf("Probe:");
          if (col >= 0) {
            remote.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(i, col)))
                .get(TIMEOUT_S, TimeUnit.SECONDS);
          }
        }
        for (var d : published.getDiagnostics()) {
          var actions = remote.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(uri),
              d.getRange(), new CodeActionContext(List.of(d)))).get(TIMEOUT_S, TimeUnit.SECONDS);
          if (actions != null) {
            for (var a : actions) {
              if (a.isRight() && a.getRight().getEdit() == null) {
                remote.getTextDocumentService().resolveCodeAction(a.getRight()).get(TIMEOUT_S, TimeUnit.SECONDS);
                break;
              }
            }
          }
        }
        // One incremental edit at the end of the file, then a hover as a barrier behind it.
        Position end = new Position(lines.length - 1, lines[lines.length - 1].length());
        remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2),
            List.of(new TextDocumentContentChangeEvent(new Range(end, end), "\n# edited\n"))));
        remote.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(0, 0)))
            .get(TIMEOUT_S, TimeUnit.SECONDS);
      }
      if (diagnostics == 0) {
        throw new IllegalStateException("the training session saw no diagnostics in " + root);
      }
      for (Path f : files) {
        remote.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(f.toUri().toString())));
      }
      remote.shutdown().get(TIMEOUT_S, TimeUnit.SECONDS);
      remote.exit();
      if (!server.waitFor(TIMEOUT_S, TimeUnit.SECONDS) || server.exitValue() != 0) {
        throw new IllegalStateException("the server did not exit cleanly");
      }
      return diagnostics;
    } finally {
      server.destroyForcibly();
    }
  }

  private static InitializeParams initializeParams(Path root) {
    InitializeParams init = new InitializeParams();
    init.setProcessId((int) ProcessHandle.current().pid());
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), root.getFileName().toString())));
    ClientCapabilities caps = new ClientCapabilities();
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    td.setSynchronization(new SynchronizationCapabilities(false, false, false));
    td.setHover(new HoverCapabilities(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT), false));
    td.setPublishDiagnostics(new PublishDiagnosticsCapabilities(true));
    CodeActionCapabilities actions = new CodeActionCapabilities(new CodeActionLiteralSupportCapabilities(
        new CodeActionKindCapabilities(List.of("quickfix", "source.fixAll"))), false);
    actions.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    actions.setDataSupport(true);
    td.setCodeAction(actions);
    caps.setTextDocument(td);
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    ws.setConfiguration(true);
    ws.setWorkspaceFolders(true);
    caps.setWorkspace(ws);
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    caps.setWindow(window);
    init.setCapabilities(caps);
    return init;
  }

  /** A plain editor: answers the server's requests and hands out the first publication per document. */
  public static final class Client implements LanguageClient {
    private final Map<String, CompletableFuture<PublishDiagnosticsParams>> first = new ConcurrentHashMap<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    CompletableFuture<PublishDiagnosticsParams> await(String uri) {
      return first.computeIfAbsent(uri, u -> new CompletableFuture<>());
    }

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      await(diagnostics.getUri()).complete(diagnostics);
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void showMessage(MessageParams messageParams) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {}

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
      return CompletableFuture.completedFuture(Arrays.asList(new Object[params.getItems().size()]));
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {}

    /** Meshprobe's status notification. */
    @JsonNotification("meshprobe/status")
    public void status(JsonObject params) {
      if (params != null && params.has("state") && "ready".equals(params.get("state").getAsString())) {
        ready.complete(null);
      }
    }
  }
}
