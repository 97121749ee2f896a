import com.google.gson.Gson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * A stand-in for the Meshprobe server that speaks the same contract (diagnostic code, hover, preferred
 * quick fix resolved lazily, source.fixAll.meshprobe, meshprobe/status) with a line-based heuristic,
 * so the VS Code end-to-end harness can be checked before the real server lints. It is a test double
 * of the protocol, not of the analysis: it knows nothing of Istio beyond "STRICT appears somewhere".
 */
public final class StubMeshprobeServer implements LanguageServer, TextDocumentService, WorkspaceService {

  public interface StubClient extends LanguageClient {
    @JsonNotification("meshprobe/status")
    void status(Map<String, Object> params);
  }

  private static final String RULE = "probe-blocked-by-strict-mtls";
  private static final String ANNOTATION = "sidecar.istio.io/rewriteAppHTTPProbers";
  private static final Pattern PROBE = Pattern.compile("^(\\s*)(livenessProbe|readinessProbe|startupProbe):");
  private static final Gson GSON = new Gson();

  private final PrintStream log;
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private StubClient client;
  private Path root;
  private boolean workspaceStrict;

  StubMeshprobeServer(PrintStream log) {
    this.log = log;
  }

  public static void main(String[] args) {
    PrintStream stdout = System.out;
    // Anything printed by accident must not corrupt the LSP stream.
    System.setOut(System.err);
    StubMeshprobeServer server = new StubMeshprobeServer(System.err);
    Launcher<StubClient> launcher = new Launcher.Builder<StubClient>()
        .setLocalService(server)
        .setRemoteInterface(StubClient.class)
        .setInput(System.in)
        .setOutput(stdout)
        .create();
    server.client = launcher.getRemoteProxy();
    server.log.println("stub meshprobe server listening on stdio, args " + List.of(args));
    launcher.startListening();
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    log.println("initializationOptions: " + GSON.toJson(params.getInitializationOptions()));
    if (params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()) {
      root = Path.of(URI.create(params.getWorkspaceFolders().get(0).getUri()));
    }
    ServerCapabilities capabilities = new ServerCapabilities();
    capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
    capabilities.setHoverProvider(true);
    CodeActionOptions codeActions = new CodeActionOptions(List.of(CodeActionKind.QuickFix, "source.fixAll.meshprobe"));
    codeActions.setResolveProvider(true);
    capabilities.setCodeActionProvider(codeActions);
    return CompletableFuture.completedFuture(new InitializeResult(capabilities, new ServerInfo("meshprobe-stub", "0.0.0")));
  }

  @Override
  public void initialized(InitializedParams params) {
    client.status(Map.of("state", "indexing", "istioVersion", "1.30", "files", 0));
    int files = 0;
    if (root != null) {
      try (Stream<Path> walk = Files.walk(root, 8)) {
        for (Path p : (Iterable<Path>) walk.filter(p -> p.toString().matches(".*\\.ya?ml$"))::iterator) {
          files++;
          workspaceStrict |= Files.readString(p).contains("mode: STRICT");
        }
      } catch (IOException e) {
        log.println("WARNING: indexing failed: " + e);
      }
    }
    log.println("indexed " + files + " YAML files, STRICT seen: " + workspaceStrict);
    client.status(Map.of("state", "ready", "istioVersion", "1.30", "files", files));
    ConfigurationItem item = new ConfigurationItem();
    item.setSection("meshprobe");
    client.configuration(new ConfigurationParams(List.of(item)))
        .thenAccept(result -> log.println("workspace/configuration meshprobe: " + GSON.toJson(result)));
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    System.exit(0);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return this;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return this;
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    update(params.getTextDocument().getUri(), params.getTextDocument().getText());
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    update(params.getTextDocument().getUri(), params.getContentChanges().get(params.getContentChanges().size() - 1).getText());
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    documents.remove(params.getTextDocument().getUri());
    client.publishDiagnostics(new PublishDiagnosticsParams(params.getTextDocument().getUri(), List.of()));
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {}

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    log.println("didChangeConfiguration: " + GSON.toJson(params.getSettings()));
  }

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}

  private void update(String uri, String text) {
    documents.put(uri, text);
    client.publishDiagnostics(new PublishDiagnosticsParams(uri, diagnostics(text)));
  }

  private List<Diagnostic> diagnostics(String text) {
    List<Diagnostic> result = new ArrayList<>();
    if (!(workspaceStrict || text.contains("mode: STRICT")) || text.contains(ANNOTATION + ": \"true\"")) {
      return result;
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = PROBE.matcher(lines[i]);
      if (m.find()) {
        int start = m.group(1).length();
        Diagnostic d = new Diagnostic(
            new Range(new Position(i, start), new Position(i, start + m.group(2).length())),
            "The " + m.group(2) + " uses httpGet on a port that requires STRICT mTLS and probe rewriting is off: "
                + "the kubelet has no mesh certificate, so the sidecar will reject it (stub server).",
            DiagnosticSeverity.Error,
            "meshprobe",
            RULE);
        result.add(d);
      }
    }
    return result;
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    String text = documents.getOrDefault(params.getTextDocument().getUri(), "");
    String[] lines = text.split("\n", -1);
    int line = params.getPosition().getLine();
    if (line >= lines.length) {
      return CompletableFuture.completedFuture(null);
    }
    Matcher m = PROBE.matcher(lines[line]);
    if (!m.find()) {
      return CompletableFuture.completedFuture(null);
    }
    String md = "**`" + m.group(2) + "` fails under STRICT mTLS** (stub server)\n\n"
        + "- mTLS at the probe port: STRICT\n- probe rewrite: off\n\n"
        + "The kubelet connects without a mesh certificate, so the sidecar rejects the probe.";
    return CompletableFuture.completedFuture(new Hover(new MarkupContent(MarkupKind.MARKDOWN, md)));
  }

  @Override
  public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
    String uri = params.getTextDocument().getUri();
    List<Either<Command, CodeAction>> actions = new ArrayList<>();
    List<String> only = params.getContext().getOnly();
    boolean fixAll = only != null && only.stream().anyMatch(k -> "source.fixAll.meshprobe".startsWith(k) || k.startsWith("source.fixAll"));
    if (fixAll) {
      if (!diagnostics(documents.getOrDefault(uri, "")).isEmpty()) {
        CodeAction action = new CodeAction("Fix all Meshprobe problems");
        action.setKind("source.fixAll.meshprobe");
        action.setData(uri);
        actions.add(Either.forRight(action));
      }
      return CompletableFuture.completedFuture(actions);
    }
    for (Diagnostic d : params.getContext().getDiagnostics()) {
      if (d.getCode() == null || !RULE.equals(d.getCode().getLeft())) {
        continue;
      }
      CodeAction rewrite = new CodeAction("Enable Istio probe rewrite for this pod");
      rewrite.setKind(CodeActionKind.QuickFix);
      rewrite.setDiagnostics(List.of(d));
      rewrite.setIsPreferred(true);
      rewrite.setData(uri);
      actions.add(Either.forRight(rewrite));
      CodeAction comment = new CodeAction("Insert an explanatory comment above the probe");
      comment.setKind(CodeActionKind.QuickFix);
      comment.setDiagnostics(List.of(d));
      int line = d.getRange().getStart().getLine();
      String indent = " ".repeat(d.getRange().getStart().getCharacter());
      comment.setEdit(new WorkspaceEdit(Map.of(uri, List.of(new TextEdit(
          new Range(new Position(line, 0), new Position(line, 0)),
          indent + "# The kubelet probes without a mesh certificate; STRICT mTLS rejects it.\n")))));
      actions.add(Either.forRight(comment));
    }
    return CompletableFuture.completedFuture(actions);
  }

  @Override
  public CompletableFuture<CodeAction> resolveCodeAction(CodeAction action) {
    String uri = action.getData() instanceof com.google.gson.JsonPrimitive p ? p.getAsString() : String.valueOf(action.getData());
    String[] lines = documents.getOrDefault(uri, "").split("\n", -1);
    // Flip an existing annotation, else add one under the pod template's metadata.
    for (int i = 0; i < lines.length; i++) {
      int at = lines[i].indexOf(ANNOTATION + ":");
      if (at >= 0) {
        String replacement = lines[i].substring(0, at) + ANNOTATION + ": \"true\"";
        action.setEdit(edit(uri, new Range(new Position(i, 0), new Position(i, lines[i].length())), replacement));
        return CompletableFuture.completedFuture(action);
      }
    }
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].trim().equals("template:") && lines[i + 1].trim().equals("metadata:")) {
        String indent = lines[i + 1].substring(0, lines[i + 1].indexOf('m')) + "  ";
        String insert = indent + "annotations:\n" + indent + "  " + ANNOTATION + ": \"true\"\n";
        action.setEdit(edit(uri, new Range(new Position(i + 2, 0), new Position(i + 2, 0)), insert));
        break;
      }
    }
    return CompletableFuture.completedFuture(action);
  }

  private static WorkspaceEdit edit(String uri, Range range, String text) {
    return new WorkspaceEdit(Map.of(uri, List.of(new TextEdit(range, text))));
  }
}
