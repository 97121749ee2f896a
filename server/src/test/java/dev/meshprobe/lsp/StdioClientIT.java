package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
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
import org.eclipse.lsp4j.TextDocumentSyncKind;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as an editor meets it: {@code java -jar meshprobe.jar --stdio} in its own process,
 * driven by an LSP4J client over the process's pipes. Unlike the in-process {@link LanguageServerTest},
 * this catches what only a real process shows: a stray byte on standard output that corrupts the
 * protocol, an exit code, a server that outlives its editor, a shaded jar missing a class.
 */
class StdioClientIT {
  static final Path JAR = Path.of(System.getProperty("meshprobe.jar", "target/meshprobe.jar")).toAbsolutePath();
  static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();
  static final String SEED = "probe-blocked-by-strict-mtls";

  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    // A failed assertion must not leave a server behind.
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void editorSessionWithIncrementalEmojiEditsHoverAndCleanExit() throws Exception {
    Path root = copyExamples();
    Path web = root.resolve("shop/web.yaml");
    Editor editor = start(root);

    InitializeResult init = editor.initialize();
    var sync = init.getCapabilities().getTextDocumentSync().getRight();
    assertEquals(TextDocumentSyncKind.Incremental, sync.getChange(), "the server asks for incremental edits");
    assertEquals("meshprobe", init.getServerInfo().getName());

    String text = Files.readString(web);
    editor.open(web, text);
    Diagnostic seed = editor.await(web, ds -> has(ds, SEED)).stream().filter(d -> SEED.equals(code(d))).findFirst().orElseThrow();
    assertEquals("livenessProbe", editor.covered(web, seed));
    assertEquals(LspHarness.position(text, text.indexOf("livenessProbe:")), seed.getRange().getStart());
    assertHoverExplainsStrict(editor.hover(web, "livenessProbe"));

    // Edit 1: the container becomes one flow-style line, with an emoji in its name before the key.
    // Every column after the emoji is one UTF-16 unit further right than its code-point column.
    String block = text.substring(text.indexOf("- name: web"), text.indexOf("periodSeconds: 5") + "periodSeconds: 5".length());
    String flow = "- {name: \"😀web\", image: \"ghcr.io/example/shop-web:1.4.2\", ports: [{name: http, containerPort: 8080}], "
        + "livenessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: 2}, readinessProbe: {exec: {command: [/bin/true]}}}";
    editor.replace(web, block, flow);
    Diagnostic d1 = editor.awaitSeed(web);
    assertEquals("livenessProbe", editor.covered(web, d1), "range after one emoji");
    String line = editor.lineOf(web, d1);
    assertEquals(line.indexOf("livenessProbe"), d1.getRange().getStart().getCharacter(), "UTF-16 column, not code points");
    assertNotEquals(line.codePointCount(0, line.indexOf("livenessProbe")), d1.getRange().getStart().getCharacter());

    // Edit 2: a point insertion whose position lies after the emoji; a server that counted code points
    // would insert it one column too far right, splitting "web" and renaming the container.
    editor.insertAfter(web, "\"😀", "🚀");
    Diagnostic d2 = editor.awaitSeed(web);
    assertEquals("livenessProbe", editor.covered(web, d2), "range after two emoji");

    // Edit 3: two changes in one notification, each against the text the previous one produced.
    editor.changeAll(web, List.of(new String[] {"\"ghcr.io", "\"🐳ghcr.io"}, new String[] {"🚀web", "🚀🦄web"}));
    Diagnostic d3 = editor.awaitSeed(web);
    assertEquals("livenessProbe", editor.covered(web, d3), "range after four emoji on the line");
    assertEquals(editor.version(web), editor.lastPublishedVersion(web), "diagnostics name the version they belong to");
    assertHoverExplainsStrict(editor.hover(web, "livenessProbe"));

    editor.server.shutdown().get(5, TimeUnit.SECONDS);
    editor.server.exit();
    assertTrue(editor.process.waitFor(1, TimeUnit.SECONDS), "the server exits within a second of `exit`");
    assertEquals(0, editor.process.exitValue(), "exit after shutdown means exit code 0; stderr: " + editor.stderr());
    assertOnlyProtocol(editor.stdout.bytes());
  }

  @Test
  void closingTheEditorsStreamEndsTheServer() throws Exception {
    Path root = copyExamples();
    Editor editor = start(root);
    editor.initialize();
    Path web = root.resolve("shop/web.yaml");
    editor.open(web, Files.readString(web));
    editor.await(web, ds -> has(ds, SEED));
    // An editor that crashes sends no shutdown: its end of the pipe just closes.
    editor.process.getOutputStream().close();
    assertTrue(editor.process.waitFor(1, TimeUnit.SECONDS), "the server exits within a second of its input closing; stderr: " + editor.stderr());
    assertOnlyProtocol(editor.stdout.bytes());
  }

  /**
   * The clients pass {@code -XX:SharedArchiveFile=ARCHIVE -Xshare:auto}; whatever ARCHIVE holds, the
   * server must start and keep standard output to the protocol. The JVM says nothing on JDK 17 and
   * logs an error on JDK 24+, which the clients' {@code -Xlog:…:stderr} sends to standard error.
   */
  @Test
  void anArchiveThatIsMissingBrokenOrForeignNeitherStopsTheServerNorReachesStdout() throws Exception {
    Path root = copyExamples();
    Path web = root.resolve("shop/web.yaml");
    Path real = tmp.resolve("real.jsa");
    Path otherJar = tmp.resolve("other.jar");
    Files.copy(JAR, otherJar);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process dump = new ProcessBuilder(java.toString(), "-jar", otherJar.toString(), "cds-archive", real.toString())
        .redirectErrorStream(true).start();
    dump.getInputStream().readAllBytes();
    assertTrue(dump.waitFor(120, TimeUnit.SECONDS));
    Path garbage = Files.writeString(tmp.resolve("garbage.jsa"), "not an archive");
    Path truncated = tmp.resolve("truncated.jsa");
    if (Files.isRegularFile(real)) {
      Files.write(truncated, Arrays.copyOf(Files.readAllBytes(real), 4096));
    }
    for (Path archive : List.of(tmp.resolve("missing.jsa"), garbage, truncated, real)) {
      if (!Files.isRegularFile(archive) && archive != tmp.resolve("missing.jsa")) {
        continue; // this JVM cannot dump archives: nothing to truncate
      }
      Editor editor = start(root, "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
          "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
      editor.initialize();
      editor.open(web, Files.readString(web));
      editor.await(web, ds -> has(ds, SEED));
      editor.server.shutdown().get(5, TimeUnit.SECONDS);
      editor.server.exit();
      assertTrue(editor.process.waitFor(5, TimeUnit.SECONDS), archive.toString());
      assertEquals(0, editor.process.exitValue(), archive + "; stderr: " + editor.stderr());
      assertOnlyProtocol(editor.stdout.bytes());
    }
  }

  @Test
  void theProtocolCheckCatchesStrayOutput() {
    // The stdout check above must be able to fail: a log line before a frame, or a frame cut short.
    byte[] frame = "Content-Length: 17\r\n\r\n{\"jsonrpc\":\"2.0\"}".getBytes(StandardCharsets.UTF_8);
    assertOnlyProtocol(frame);
    byte[] stray = ("meshprobe: starting\n" + new String(frame, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> assertOnlyProtocol(stray));
    byte[] cut = Arrays.copyOf(frame, frame.length - 1);
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> assertOnlyProtocol(cut));
  }

  // ---- helpers

  static boolean has(List<Diagnostic> ds, String rule) {
    return ds.stream().anyMatch(d -> rule.equals(code(d)));
  }

  static String code(Diagnostic d) {
    return d.getCode() == null ? null : d.getCode().getLeft();
  }

  static void assertHoverExplainsStrict(Hover h) {
    assertTrue(h != null && h.getContents().isRight(), "a markdown hover on the probe key");
    String md = h.getContents().getRight().getValue();
    assertTrue(md.contains("STRICT") && md.contains("PeerAuthentication"), md);
  }

  private Path copyExamples() throws IOException {
    Path src = REPO.resolve("examples");
    Path dst = tmp.resolve("examples");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path p : files.toList()) {
        Path to = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return dst.toRealPath();
  }

  private Editor start(Path root, String... jvmArgs) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "build the jar first (mvn package): " + JAR);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = tmp.resolve("server-stderr-" + started.size() + ".txt");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(List.of(jvmArgs));
    command.addAll(List.of("-jar", JAR.toString(), "--stdio"));
    Process p = new ProcessBuilder(command)
        .redirectError(err.toFile())
        .start();
    started.add(p);
    return new Editor(p, root, err);
  }

  /**
   * Checks that standard output is nothing but LSP base-protocol frames ({@code Content-Length}
   * headers, a blank line, a JSON-RPC 2.0 object of exactly that length), from the first byte to the last.
   */
  static void assertOnlyProtocol(byte[] out) {
    int i = 0;
    int frames = 0;
    while (i < out.length) {
      int headerEnd = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), i);
      if (headerEnd < 0) {
        fail("stray bytes on stdout at " + i + ": " + excerpt(out, i));
      }
      int length = -1;
      for (String h : new String(out, i, headerEnd - i, StandardCharsets.US_ASCII).split("\r\n")) {
        if (h.startsWith("Content-Length: ")) {
          length = Integer.parseInt(h.substring("Content-Length: ".length()).trim());
        } else if (!h.startsWith("Content-Type: ")) {
          fail("not an LSP header on stdout at " + i + ": " + excerpt(out, i));
        }
      }
      int start = headerEnd + 4;
      assertTrue(length >= 0 && start + length <= out.length, "frame at " + i + " lacks Content-Length or is cut: " + excerpt(out, i));
      JsonObject message = JsonParser.parseString(new String(out, start, length, StandardCharsets.UTF_8)).getAsJsonObject();
      assertEquals("2.0", message.get("jsonrpc").getAsString());
      i = start + length;
      frames++;
    }
    assertTrue(frames > 0, "the server answered on stdout");
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String excerpt(byte[] b, int at) {
    return new String(Arrays.copyOfRange(b, at, Math.min(b.length, at + 120)), StandardCharsets.UTF_8);
  }

  /** Everything the server wrote to stdout, recorded as LSP4J reads it. */
  static final class Recorder extends FilterInputStream {
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Recorder(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        synchronized (copy) {
          copy.write(b);
        }
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        synchronized (copy) {
          copy.write(buf, off, n);
        }
      }
      return n;
    }

    byte[] bytes() {
      synchronized (copy) {
        return copy.toByteArray();
      }
    }
  }

  /** The client side, as a plain editor: records what arrives and answers the server's requests. */
  public static final class Client implements LanguageClient {
    final List<PublishDiagnosticsParams> published = new CopyOnWriteArrayList<>();
    final List<MessageParams> logs = new CopyOnWriteArrayList<>();

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      published.add(diagnostics);
    }

    @Override
    public void showMessage(MessageParams messageParams) {
      logs.add(messageParams);
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {
      logs.add(message);
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
      // An editor with no Meshprobe settings answers null for each item.
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

    /** Meshprobe's own status notification, which the bundled clients show; declared so it is not "unsupported". */
    @JsonNotification("meshprobe/status")
    public void status(JsonObject params) {}
  }

  /** One editor window on one server process. */
  final class Editor {
    final Process process;
    final Recorder stdout;
    final Client client = new Client();
    final LanguageServer server;
    private final Path root;
    private final Path stderrFile;
    private final java.util.Map<Path, String> texts = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Path, Integer> versions = new java.util.concurrent.ConcurrentHashMap<>();

    Editor(Process process, Path root, Path stderrFile) {
      this.process = process;
      this.root = root;
      this.stderrFile = stderrFile;
      this.stdout = new Recorder(process.getInputStream());
      Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>()
          .setLocalService(client)
          .setRemoteInterface(LanguageServer.class)
          .setInput(stdout)
          .setOutput(process.getOutputStream())
          .create();
      this.server = launcher.getRemoteProxy();
      launcher.startListening();
    }

    InitializeResult initialize() throws Exception {
      InitializeParams init = new InitializeParams();
      init.setProcessId((int) ProcessHandle.current().pid());
      init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "examples")));
      ClientCapabilities caps = new ClientCapabilities();
      TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
      td.setSynchronization(new SynchronizationCapabilities(false, false, false));
      td.setHover(new HoverCapabilities(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT), false));
      td.setPublishDiagnostics(new PublishDiagnosticsCapabilities(true));
      caps.setTextDocument(td);
      WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
      ws.setConfiguration(true);
      ws.setWorkspaceFolders(true);
      caps.setWorkspace(ws);
      WindowClientCapabilities window = new WindowClientCapabilities();
      window.setWorkDoneProgress(true);
      caps.setWindow(window);
      init.setCapabilities(caps);
      InitializeResult result = server.initialize(init).get(10, TimeUnit.SECONDS);
      server.initialized(new InitializedParams());
      return result;
    }

    void open(Path file, String text) {
      texts.put(file, text);
      versions.put(file, 1);
      server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri(file), "yaml", 1, text)));
    }

    /** Replaces the first occurrence of {@code fragment} as one incremental change. */
    void replace(Path file, String fragment, String replacement) {
      changeAll(file, List.<String[]>of(new String[] {fragment, replacement}));
    }

    /** Inserts {@code inserted} right after the first occurrence of {@code anchor}: an empty range, as typing does. */
    void insertAfter(Path file, String anchor, String inserted) {
      String text = texts.get(file);
      int at = text.indexOf(anchor);
      assertTrue(at >= 0, "no `" + anchor + "`");
      Position p = LspHarness.position(text, at + anchor.length());
      send(file, List.of(new TextDocumentContentChangeEvent(new Range(p, p), inserted)), text.substring(0, at + anchor.length()) + inserted + text.substring(at + anchor.length()));
    }

    /** Several {fragment, replacement} changes in one notification, each located in the text the previous one left. */
    void changeAll(Path file, List<String[]> edits) {
      String text = texts.get(file);
      List<TextDocumentContentChangeEvent> changes = new ArrayList<>();
      for (String[] e : edits) {
        int at = text.indexOf(e[0]);
        assertTrue(at >= 0, "no `" + e[0] + "`");
        changes.add(new TextDocumentContentChangeEvent(
            new Range(LspHarness.position(text, at), LspHarness.position(text, at + e[0].length())), e[1]));
        text = text.substring(0, at) + e[1] + text.substring(at + e[0].length());
      }
      send(file, changes, text);
    }

    private void send(Path file, List<TextDocumentContentChangeEvent> changes, String after) {
      texts.put(file, after);
      int version = versions.merge(file, 1, Integer::sum);
      server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri(file), version), changes));
    }

    int version(Path file) {
      return versions.get(file);
    }

    Hover hover(Path file, String fragment) throws Exception {
      String text = texts.get(file);
      // Inside the key, two units in: the position must be converted, not just matched at a start.
      Position p = LspHarness.position(text, text.indexOf(fragment) + 2);
      return server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri(file)), p)).get(10, TimeUnit.SECONDS);
    }

    List<Diagnostic> await(Path file, Predicate<List<Diagnostic>> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<Diagnostic> last = null;
      while (System.nanoTime() < deadline) {
        PublishDiagnosticsParams latest = latest(file);
        last = latest == null ? null : latest.getDiagnostics();
        if (last != null && condition.test(last)) {
          return last;
        }
        if (!process.isAlive()) {
          fail("the server died: " + stderr());
        }
        Thread.sleep(5);
      }
      throw new AssertionError("diagnostics for " + file.getFileName() + " never matched; last: " + last + "; stderr: " + stderr());
    }

    /** The seed diagnostic of the publish for the document's current version (the one after the last edit). */
    Diagnostic awaitSeed(Path file) throws InterruptedException {
      Predicate<Diagnostic> seed = d -> SEED.equals(code(d));
      return await(file, ds -> Objects.equals(lastPublishedVersion(file), version(file)) && ds.stream().anyMatch(seed))
          .stream().filter(seed).findFirst().orElseThrow();
    }

    private PublishDiagnosticsParams latest(Path file) {
      String uri = uri(file);
      for (int i = client.published.size() - 1; i >= 0; i--) {
        if (client.published.get(i).getUri().equals(uri)) {
          return client.published.get(i);
        }
      }
      return null;
    }

    Integer lastPublishedVersion(Path file) {
      PublishDiagnosticsParams p = latest(file);
      return p == null ? null : p.getVersion();
    }

    String covered(Path file, Diagnostic d) {
      String text = texts.get(file);
      return text.substring(LspHarness.offset(text, d.getRange().getStart()), LspHarness.offset(text, d.getRange().getEnd()));
    }

    String lineOf(Path file, Diagnostic d) {
      return texts.get(file).split("\n", -1)[d.getRange().getStart().getLine()];
    }

    String uri(Path file) {
      return file.toUri().toString();
    }

    String stderr() {
      try {
        return Files.readString(stderrFile);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }
}
