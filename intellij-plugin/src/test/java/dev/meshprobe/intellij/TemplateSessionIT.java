package dev.meshprobe.intellij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationCapabilities;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template as LSP4IJ would use it, minus the IDE: the zip unzipped into a home directory as the
 * README says, the command taken from template.json and expanded as LSP4IJ expands it, the server
 * started with it, and an LSP4J client (the library LSP4IJ is built on) that sends the template's
 * initialization options and answers {@code workspace/configuration} from its settings.json.
 */
class TemplateSessionIT {
  static final Path ZIP = TemplateFormatIT.ZIP;
  static final Path REPO = TemplateFormatIT.REPO;
  static final String SEED = "probe-blocked-by-strict-mtls";

  @TempDir Path tmp;
  Path home;
  Path templateDir;
  private Process process;

  @BeforeEach
  void unzipIntoHome() throws IOException {
    home = tmp.resolve("home with space");
    Path lsp = Files.createDirectories(home.resolve(".lsp4ij/lsp"));
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ZIP))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        Path to = lsp.resolve(e.getName()).normalize();
        assertTrue(to.startsWith(lsp), e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(zip, to);
        }
      }
    }
    templateDir = lsp.resolve("meshprobe");
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /** The macros of the command, valued as IntelliJ would for a user whose home is {@link #home}. */
  Map<String, String> macros() {
    return Map.of("USER_HOME", home.toString());
  }

  JsonObject templateFile(String name) throws IOException {
    return Lsp4ij.parseStrict(templateDir.resolve(name)).getAsJsonObject();
  }

  @Test
  void theTemplatesCommandServesTheSeedFindingAndAHover() throws Exception {
    // template.json's command for this OS, expanded and split exactly as LSP4IJ does.
    String declared = Lsp4ij.programArgs(templateFile("template.json"), Lsp4ij.osKey());
    List<String> argv = Lsp4ij.createCommands(Lsp4ij.expandMacros(declared, macros()));
    assertTrue(Files.isRegularFile(Path.of(argv.get(argv.indexOf("-jar") + 1))), "the command names the unzipped jar: " + argv);
    Path cwd = Files.createDirectories(tmp.resolve("ide-working-dir"));
    // GeneralCommandLine finds `java` on PATH, in the IDE's working directory, with the system environment.
    process = new ProcessBuilder(argv).directory(cwd.toFile()).redirectError(tmp.resolve("stderr.txt").toFile()).start();

    JsonObject settings = templateFile("settings.json");
    Client client = new Client(settings);
    Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>().setLocalService(client)
        .setRemoteInterface(LanguageServer.class).setInput(process.getInputStream()).setOutput(process.getOutputStream()).create();
    LanguageServer server = launcher.getRemoteProxy();
    launcher.startListening();

    Path project = copyExamples();
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(project.toUri().toString(), "examples")));
    init.setRootUri(project.toUri().toString());
    init.setInitializationOptions(templateFile("initializationOptions.json"));
    ClientCapabilities caps = new ClientCapabilities();
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    ws.setConfiguration(true);
    ws.setDidChangeConfiguration(new DidChangeConfigurationCapabilities(true));
    caps.setWorkspace(ws);
    init.setCapabilities(caps);
    server.initialize(init).get(10, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());

    Path web = project.resolve("shop/web.yaml");
    String text = Files.readString(web);
    String uri = web.toUri().toString();
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
    List<Diagnostic> ds = client.await(uri, d -> d.stream().anyMatch(x -> SEED.equals(x.getCode().getLeft())));
    Diagnostic seed = ds.stream().filter(x -> SEED.equals(x.getCode().getLeft())).findFirst().orElseThrow();
    int at = text.indexOf("livenessProbe:");
    int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
    int column = at - (text.lastIndexOf('\n', at) + 1);
    assertEquals(new Position(line, column), seed.getRange().getStart());
    assertEquals(new Position(line, column + "livenessProbe".length()), seed.getRange().getEnd());

    Hover hover = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(line, column + 3)))
        .get(10, TimeUnit.SECONDS);
    String md = hover.getContents().getRight().getValue();
    assertTrue(md.contains("STRICT") && md.contains("PeerAuthentication"), md);
    assertFalse(md.contains("editor settings"), "the shipped settings set nothing, so nothing is credited to them: " + md);

    // The user turns the rule off in the Configuration tab: LSP4IJ sends the whole settings object and
    // answers the server's pull with the `meshprobe` section, so the section must be nested as shipped.
    JsonObject changed = settings.deepCopy();
    JsonObject rules = new JsonObject();
    rules.addProperty(SEED, "off");
    changed.getAsJsonObject("meshprobe").add("rules", rules);
    client.settings = changed;
    server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(changed));
    client.await(uri, d -> d.stream().noneMatch(x -> SEED.equals(x.getCode().getLeft())));
    assertTrue(client.sections.contains("meshprobe"), "the server asked for section meshprobe: " + client.sections);
    // Logged before the diagnostics that follow them: the template's defaults gave the server nothing to complain about.
    List<String> problems = client.logs.stream().filter(m -> m.getType() == MessageType.Warning || m.getType() == MessageType.Error)
        .map(MessageParams::getMessage).toList();
    assertEquals(List.of(), problems);

    server.shutdown().get(5, TimeUnit.SECONDS);
    server.exit();
    assertTrue(process.waitFor(2, TimeUnit.SECONDS), "the server exits after shutdown/exit");
    assertEquals(0, process.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
  }

  @Test
  void aBrokenClassDataArchiveIsSkippedThenReplacedByOneThatMaps() throws Exception {
    String declared = Lsp4ij.programArgs(templateFile("template.json"), Lsp4ij.osKey());
    List<String> argv = new ArrayList<>(Lsp4ij.createCommands(Lsp4ij.expandMacros(declared, macros())));
    Path archive = templateDir.resolve("meshprobe.jsa");
    assertTrue(argv.contains("-XX:SharedArchiveFile=" + archive), "the archive sits beside the jar: " + argv);
    // Not a CDS archive at all (the same for one truncated, or dumped by another JVM): -Xshare:auto skips it.
    Files.writeString(archive, "not an archive");
    List<String> now = new ArrayList<>(argv);
    now.add(1, "-D" + "meshprobe.cds.delay=0"); // check the archive at once instead of after 20 s
    session(now, "first");

    // The server found the archive unfit and had a process of its own dump one for this JVM and jar.
    Path stamp = templateDir.resolve("meshprobe.jsa.id");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.isRegularFile(stamp) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(Files.isRegularFile(stamp), "the server replaced the archive; its log: " + readIfThere(templateDir.resolve("meshprobe.jsa.log")));

    // -Xshare:on (after the template's -Xshare:auto, so it wins) makes the JVM refuse to start unless it maps the archive.
    List<String> strict = new ArrayList<>(argv);
    strict.add(strict.indexOf("-jar"), "-Xshare:on");
    session(strict, "second");
  }

  /** A short editor session on the seed file with {@code argv}: the finding arrives, and the server exits cleanly. */
  private void session(List<String> argv, String name) throws Exception {
    Path stderr = tmp.resolve("stderr-" + name + ".txt");
    process = new ProcessBuilder(argv).directory(tmp.toFile()).redirectError(stderr.toFile()).start();
    Client client = new Client(templateFile("settings.json"));
    Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>().setLocalService(client)
        .setRemoteInterface(LanguageServer.class).setInput(process.getInputStream()).setOutput(process.getOutputStream()).create();
    LanguageServer server = launcher.getRemoteProxy();
    launcher.startListening();
    Path project = Files.isDirectory(tmp.resolve("project")) ? tmp.resolve("project").toRealPath() : copyExamples();
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(project.toUri().toString(), "examples")));
    server.initialize(init).get(20, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    Path web = project.resolve("shop/web.yaml");
    String uri = web.toUri().toString();
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, Files.readString(web))));
    client.await(uri, d -> d.stream().anyMatch(x -> SEED.equals(x.getCode().getLeft())));
    server.shutdown().get(5, TimeUnit.SECONDS);
    server.exit();
    assertTrue(process.waitFor(5, TimeUnit.SECONDS), "the server exits after shutdown/exit");
    assertEquals(0, process.exitValue(), Files.readString(stderr));
  }

  private static String readIfThere(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file) : "(none)";
  }

  @Test
  void theInstallerCheckPassesOnceUnzipped() throws Exception {
    JsonObject command = templateFile("installer.json").getAsJsonObject("check").getAsJsonObject("exec").getAsJsonObject("command");
    JsonElement forOs = command.has(Lsp4ij.osKey()) ? command.get(Lsp4ij.osKey()) : command.get("default");
    List<String> argv = new ArrayList<>();
    // ExecTask expands macros in each argument of an array command.
    forOs.getAsJsonArray().forEach(a -> argv.add(Lsp4ij.expandMacros(a.getAsString(), macros())));
    process = new ProcessBuilder(argv).directory(tmp.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    // ExecTask passes on exit code 0 with nothing on standard error.
    assertEquals(0, process.exitValue(), err);
    assertEquals("", err);
    assertTrue(out.startsWith("meshprobe "), out);

    // And fails when the jar is not where the README says.
    Files.delete(templateDir.resolve("meshprobe.jar"));
    Process missing = new ProcessBuilder(argv).directory(tmp.toFile()).redirectErrorStream(true).start();
    missing.getInputStream().readAllBytes();
    assertTrue(missing.waitFor(10, TimeUnit.SECONDS));
    assertTrue(missing.exitValue() != 0, "a missing jar fails the check");
  }

  private Path copyExamples() throws IOException {
    Path src = REPO.resolve("examples");
    Path dst = tmp.resolve("project");
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

  /** Answers as LSP4IJ's user-defined client: configuration from settings.json, section by section. */
  public static final class Client implements LanguageClient {
    volatile JsonObject settings;
    final List<String> sections = new CopyOnWriteArrayList<>();
    final List<MessageParams> logs = new CopyOnWriteArrayList<>();
    final List<PublishDiagnosticsParams> published = new CopyOnWriteArrayList<>();

    Client(JsonObject settings) {
      this.settings = settings;
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
      List<Object> out = new ArrayList<>();
      for (var item : params.getItems()) {
        sections.add(item.getSection());
        out.add(item.getSection() == null ? settings : Lsp4ij.findSettings(item.getSection(), settings));
      }
      return CompletableFuture.completedFuture(out);
    }

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
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      return CompletableFuture.completedFuture(null);
    }

    /** Meshprobe's status notification; LSP4IJ ignores it, declared here only so LSP4J does not log it as unsupported. */
    @JsonNotification("meshprobe/status")
    public void status(JsonObject params) {}

    List<Diagnostic> await(String uri, Predicate<List<Diagnostic>> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<Diagnostic> last = null;
      while (System.nanoTime() < deadline) {
        for (int i = published.size() - 1; i >= 0; i--) {
          if (published.get(i).getUri().equals(uri)) {
            last = published.get(i).getDiagnostics();
            break;
          }
        }
        if (last != null && condition.test(last)) {
          return last;
        }
        Thread.sleep(5);
      }
      fail("diagnostics for " + uri + " never matched; last: " + last + "; logs: " + logs);
      return null;
    }
  }
}
