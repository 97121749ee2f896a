package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.text.LineIndex;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An editor's session over LSP4J (client and server in one process, talking JSON-RPC through pipes):
 * open the seed case, see the diagnostic, ask for its code actions, resolve the preferred one, apply
 * the edit, send the change, and see the diagnostic go on the next publish.
 */
class CodeActionsTest {
  private static final String RULE = "probe-blocked-by-strict-mtls";
  private static final String SEED = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: shop
      spec:
        mtls:
          mode: STRICT
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
            annotations:
              sidecar.istio.io/rewriteAppHTTPProbers: "false"
          spec:
            containers:
              - name: web
                image: example/web:1.4
                livenessProbe:
                  httpGet:
                    path: /healthz
                    port: 8080
      """;

  @TempDir
  Path dir;

  private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
  private MeshprobeServer server;
  private LanguageServer remote;
  private String uri;

  @BeforeEach
  void start() throws Exception {
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    PipedOutputStream clientOut = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    server = new MeshprobeServer();
    server.onExit(() -> {});
    Launcher<MeshprobeClient> serverLauncher = new LSPLauncher.Builder<MeshprobeClient>()
        .setLocalService(server).setRemoteInterface(MeshprobeClient.class).setInput(serverIn).setOutput(serverOut).create();
    server.connect(serverLauncher.getRemoteProxy());
    serverLauncher.startListening();
    Launcher<LanguageServer> clientLauncher = new LSPLauncher.Builder<LanguageServer>()
        .setLocalService(new Client()).setRemoteInterface(LanguageServer.class).setInput(clientIn).setOutput(clientOut).create();
    remote = clientLauncher.getRemoteProxy();
    clientLauncher.startListening();

    Path file = dir.resolve("web.yaml");
    Files.writeString(file, SEED);
    uri = file.toUri().toString();
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(dir.toUri().toString(), "shop")));
    init.setCapabilities(capabilities());
    remote.initialize(init).get(10, TimeUnit.SECONDS);
    remote.initialized(new InitializedParams());
    remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, SEED)));
  }

  @AfterEach
  void stop() throws Exception {
    remote.shutdown().get(10, TimeUnit.SECONDS);
    remote.exit();
  }

  @Test
  void resolvingThePreferredActionMakesTheDiagnosticGo() throws Exception {
    PublishDiagnosticsParams first = awaitPublish(p -> p.getVersion() != null && p.getVersion() == 1 && has(p, RULE));
    Diagnostic d = first.getDiagnostics().stream().filter(x -> RULE.equals(x.getCode().getLeft())).findFirst().orElseThrow();

    List<CodeAction> actions = actions(d, null);
    List<String> titles = actions.stream().map(CodeAction::getTitle).toList();
    assertTrue(titles.contains("Replace the liveness probe with an exec probe (curl)"), titles.toString());
    assertTrue(titles.contains("Suppress " + RULE + " here with a comment"), titles.toString());
    CodeAction preferred = actions.stream().filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).findFirst().orElseThrow();
    assertEquals("Enable Istio probe rewrite for this pod", preferred.getTitle());
    assertEquals("quickfix", preferred.getKind());
    assertNull(preferred.getEdit(), "edits come with resolve");
    assertEquals(1, actions.stream().filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).count());

    CodeAction resolved = remote.getTextDocumentService().resolveCodeAction(preferred).get(10, TimeUnit.SECONDS);
    String fixed = apply(SEED, resolved.getEdit(), 1);
    assertTrue(fixed.contains("sidecar.istio.io/rewriteAppHTTPProbers: \"true\""), fixed);
    change(2, fixed);
    PublishDiagnosticsParams after = awaitPublish(p -> p.getVersion() != null && p.getVersion() == 2);
    assertTrue(!has(after, RULE), "still reported: " + after.getDiagnostics());
  }

  @Test
  void resolveRecomputesOnTheCurrentText() throws Exception {
    PublishDiagnosticsParams first = awaitPublish(p -> p.getVersion() != null && p.getVersion() == 1 && has(p, RULE));
    Diagnostic d = first.getDiagnostics().stream().filter(x -> RULE.equals(x.getCode().getLeft())).findFirst().orElseThrow();
    CodeAction exec = actions(d, null).stream()
        .filter(a -> a.getTitle().equals("Replace the liveness probe with an exec probe (curl)")).findFirst().orElseThrow();
    // The user types above the probe before choosing the action: the listed range is stale now.
    String edited = "# owned by the storefront team\n" + SEED;
    change(2, edited);
    awaitPublish(p -> p.getVersion() != null && p.getVersion() == 2);
    CodeAction resolved = remote.getTextDocumentService().resolveCodeAction(exec).get(10, TimeUnit.SECONDS);
    String fixed = apply(edited, resolved.getEdit(), 2);
    assertTrue(fixed.startsWith("# owned by the storefront team\napiVersion: security.istio.io/v1\n"), fixed);
    assertTrue(fixed.contains("""
                  livenessProbe:
                    # The image must contain curl: exec probes run inside the container, past the sidecar.
                    exec:
                      command:
                        - curl
        """), fixed);
    change(3, fixed);
    assertTrue(!has(awaitPublish(p -> p.getVersion() != null && p.getVersion() == 3), RULE));
  }

  @Test
  void configurationSuppressionCreatesTheFile() throws Exception {
    PublishDiagnosticsParams first = awaitPublish(p -> p.getVersion() != null && p.getVersion() == 1 && has(p, RULE));
    Diagnostic d = first.getDiagnostics().stream().filter(x -> RULE.equals(x.getCode().getLeft())).findFirst().orElseThrow();
    CodeAction suppress = actions(d, null).stream()
        .filter(a -> a.getTitle().equals("Suppress " + RULE + " for Deployment shop/web in .meshprobe.yaml")).findFirst().orElseThrow();
    WorkspaceEdit edit = remote.getTextDocumentService().resolveCodeAction(suppress).get(10, TimeUnit.SECONDS).getEdit();
    assertEquals(2, edit.getDocumentChanges().size(), edit.toString());
    CreateFile create = (CreateFile) edit.getDocumentChanges().get(0).getRight();
    String config = dir.resolve(".meshprobe.yaml").toUri().toString();
    assertEquals(config, create.getUri());
    TextDocumentEdit content = edit.getDocumentChanges().get(1).getLeft();
    assertEquals(config, content.getTextDocument().getUri());
    assertEquals("ignore:\n  - rule: " + RULE + "\n    resource: \"Deployment shop/web\"\n", content.getEdits().get(0).getNewText());
  }

  @Test
  void fixAllIsASourceAction() throws Exception {
    awaitPublish(p -> p.getVersion() != null && p.getVersion() == 1 && has(p, RULE));
    CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(uri), new org.eclipse.lsp4j.Range(
        new org.eclipse.lsp4j.Position(0, 0), new org.eclipse.lsp4j.Position(0, 0)), new CodeActionContext(List.of(), List.of("source.fixAll")));
    List<CodeAction> actions = unwrap(remote.getTextDocumentService().codeAction(params).get(10, TimeUnit.SECONDS));
    assertEquals(1, actions.size(), actions.toString());
    assertEquals("source.fixAll.meshprobe", actions.get(0).getKind());
    CodeAction resolved = remote.getTextDocumentService().resolveCodeAction(actions.get(0)).get(10, TimeUnit.SECONDS);
    String fixed = apply(SEED, resolved.getEdit(), 1);
    assertEquals(SEED.replace("rewriteAppHTTPProbers: \"false\"", "rewriteAppHTTPProbers: \"true\""), fixed);
  }

  // ---- the editor's side

  private List<CodeAction> actions(Diagnostic d, List<String> only) throws Exception {
    CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(uri), d.getRange(), new CodeActionContext(List.of(d), only));
    return unwrap(remote.getTextDocumentService().codeAction(params).get(10, TimeUnit.SECONDS));
  }

  private static List<CodeAction> unwrap(List<Either<Command, CodeAction>> list) {
    return list.stream().filter(Either::isRight).map(Either::getRight).toList();
  }

  private void change(int version, String text) {
    remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version),
        List.of(new TextDocumentContentChangeEvent(text))));
  }

  /** Applies the edits for this document as an editor does, checking they were made for {@code version}. */
  private String apply(String text, WorkspaceEdit edit, int version) {
    assertNotNull(edit, "the action has no edit");
    assertNotNull(edit.getDocumentChanges(), "the client asked for documentChanges");
    List<TextEdit> edits = new ArrayList<>();
    for (var change : edit.getDocumentChanges()) {
      TextDocumentEdit tde = change.getLeft();
      assertEquals(uri, tde.getTextDocument().getUri());
      assertEquals(version, tde.getTextDocument().getVersion());
      edits.addAll(tde.getEdits());
    }
    LineIndex lines = LineIndex.of(text);
    edits.sort(Comparator.comparingInt((TextEdit e) -> offset(lines, e.getRange().getStart())).reversed());
    StringBuilder b = new StringBuilder(text);
    for (TextEdit e : edits) {
      b.replace(offset(lines, e.getRange().getStart()), offset(lines, e.getRange().getEnd()), e.getNewText());
    }
    return b.toString();
  }

  private static int offset(LineIndex lines, org.eclipse.lsp4j.Position p) {
    return lines.offset(p.getLine(), p.getCharacter());
  }

  private PublishDiagnosticsParams awaitPublish(Predicate<PublishDiagnosticsParams> which) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      PublishDiagnosticsParams p = published.poll(100, TimeUnit.MILLISECONDS);
      if (p != null && p.getUri().equals(uri) && which.test(p)) {
        return p;
      }
    }
    throw new AssertionError("no matching publishDiagnostics");
  }

  private static boolean has(PublishDiagnosticsParams p, String rule) {
    return p.getDiagnostics().stream().anyMatch(d -> rule.equals(d.getCode().getLeft()));
  }

  private static ClientCapabilities capabilities() {
    CodeActionCapabilities codeAction = new CodeActionCapabilities();
    codeAction.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    codeAction.setIsPreferredSupport(true);
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setCodeAction(codeAction);
    WorkspaceEditCapabilities edits = new WorkspaceEditCapabilities();
    edits.setDocumentChanges(true);
    edits.setResourceOperations(List.of("create"));
    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    workspace.setWorkspaceEdit(edits);
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    caps.setWorkspace(workspace);
    return caps;
  }

  /** The editor: records what the server publishes. */
  private final class Client implements MeshprobeClient {
    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      published.add(diagnostics);
    }

    @Override
    public void status(StatusParams params) {}

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
  }
}
