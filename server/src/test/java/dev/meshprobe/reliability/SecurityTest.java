package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.meshprobe.SeedManifests;
import dev.meshprobe.cli.CheckCommand;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace is data: YAML tags that name Java classes are never instantiated, nothing is loaded
 * from the workspace, configuration is read as values, and indexing does not follow symbolic links
 * out of the workspace folders.
 */
@Timeout(120)
class SecurityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @TempDir Path outside;
  private Path marker;

  /**
   * A class in the workspace whose static initializer writes a marker file, with the service entry
   * that the classic snakeyaml gadget ({@code ScriptEngineManager} over a {@code URLClassLoader})
   * would load it through.
   */
  @BeforeEach
  void payload() throws IOException {
    marker = outside.resolve("pwned");
    Path src = outside.resolve("src/Pwn.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "public class Pwn {\n  static {\n    try {\n      java.nio.file.Files.writeString(java.nio.file.Path.of(\""
        + marker.toString().replace("\\", "\\\\") + "\"), \"loaded\");\n    } catch (Exception e) {\n      throw new RuntimeException(e);\n    }\n  }\n}\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "needs a JDK to build the payload");
    Path classes = dir.resolve("payload");
    Files.createDirectories(classes.resolve("META-INF/services"));
    assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
    Files.writeString(classes.resolve("META-INF/services/javax.script.ScriptEngineFactory"), "Pwn\n");
  }

  private String gadget() {
    return "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"" + dir.resolve("payload").toUri() + "\"]]]]";
  }

  private void assertNothingLoaded() {
    assertFalse(Files.exists(marker), "a class from the workspace was loaded and initialised");
    assertThrows(ClassNotFoundException.class, () -> Class.forName("Pwn", false, Thread.currentThread().getContextClassLoader()));
  }

  private void writeHostileWorkspace() throws IOException {
    Files.writeString(dir.resolve(".meshprobe.yaml"), "# Tags are read as data: the values are used, the classes never made.\n"
        + "mesh:\n  mtls: !!java.lang.String STRICT\n  injection: !<tag:yaml.org,2002:java.lang.Runtime> assume-injected\n"
        + "istio:\n  version: !!python/object/apply:os.system [\"1.22\"]\n"
        + "limits: " + gadget() + "\n"
        + "exploit: !!java.lang.ProcessBuilder [[\"touch\", \"" + marker + "\"]]\n");
    Files.writeString(dir.resolve("kustomization.yaml"), "namespace: " + gadget() + "\nresources: [web.yaml]\n");
    Files.writeString(dir.resolve("web.yaml"), SeedManifests.WEB.replace("kind: Deployment", "kind: !!java.lang.Runtime Deployment")
        .replace("image: web:1", "image: " + gadget()));
    Files.writeString(dir.resolve("gadget.yaml"), "key: " + gadget() + "\nother: !!java.io.FileOutputStream [\"" + marker + "\"]\n");
  }

  @Test
  void yamlTagsNamingJavaClassesAreReadAsDataByTheEngine() throws IOException {
    writeHostileWorkspace();
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ws.indexFolders();
    // The kustomization's hostile namespace makes kustomize refuse it: its files are linted as plain files.
    ws.contexts().renderAll(2);
    List<String> seen = new ArrayList<>();
    for (Path p : new TreeSet<>(ws.files())) {
      for (Finding f : ws.lint(p)) {
        seen.add(dir.relativize(p) + " " + f.rule() + " " + f.message());
      }
    }
    log.check();
    assertNothingLoaded();
    // The tagged values were used as plain values: STRICT and assume-injected make the probe fail.
    assertTrue(seen.stream().anyMatch(s -> s.startsWith("web.yaml probe-blocked-by-strict-mtls")), seen::toString);
    assertTrue(seen.stream().anyMatch(s -> s.startsWith(".meshprobe.yaml configuration-invalid") && s.contains("nknown key exploit")),
        seen::toString);
    assertEquals("STRICT", ws.layout().configFor(dir.resolve("web.yaml")).mesh().mtls().value().toString());
  }

  @Test
  void yamlTagsNamingJavaClassesAreReadAsDataByTheCommandLine() throws IOException {
    writeHostileWorkspace();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
        .run(new String[] {"--format", "json", "."});
    assertEquals(1, code, err.toString(StandardCharsets.UTF_8));
    assertNothingLoaded();
    JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    assertTrue(report.get("findings").toString().contains("probe-blocked-by-strict-mtls"), report::toString);
  }

  @Test
  void yamlTagsAndHostileSettingsAreReadAsDataByTheServer() throws Exception {
    writeHostileWorkspace();
    try (RawLspClient client = new RawLspClient()) {
      client.request("initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{},\"workspaceFolders\":[{\"uri\":\""
          + dir.toUri() + "\",\"name\":\"ws\"}],\"initializationOptions\":{\"meshprobe\":{\"rules\":{\"yaml-duplicate-key\":\"!!java.lang.Runtime\"},"
          + "\"java\":{\"home\":\"" + dir.resolve("payload") + "\"},\"server\":{\"vmargs\":\"-javaagent:" + dir.resolve("payload/agent.jar") + "\"}}}}");
      client.notify("initialized", "{}");
      assertNotNull(client.awaitReady(30));
      String uri = dir.resolve("web.yaml").toUri().toString();
      client.open(uri, 1, Files.readString(dir.resolve("web.yaml")));
      // Once kustomize has refused the kustomization (its hostile namespace), web.yaml is linted as a plain file.
      JsonObject published = client.await(m -> "textDocument/publishDiagnostics".equals(RawLspClient.method(m))
          && m.getAsJsonObject("params").get("uri").getAsString().equals(uri)
          && m.getAsJsonObject("params").toString().contains("probe-blocked-by-strict-mtls"), 30);
      assertNotNull(published, () -> client.received().toString());
      String cfgUri = dir.resolve(".meshprobe.yaml").toUri().toString();
      client.open(cfgUri, 1, Files.readString(dir.resolve(".meshprobe.yaml")));
      assertTrue(client.awaitDiagnostics(cfgUri, 1, 30).toString().contains("nknown key exploit"));
      assertNotNull(client.request("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":14,\"character\":12}}"));
    }
    assertNothingLoaded();
  }

  // ---- symbolic links

  /**
   * A workspace with links out of it (a file, a folder, a loop back up) and one link inside it; the
   * folder outside holds a STRICT mesh-wide policy that would change the verdict inside if it were read.
   */
  private void writeLinkedWorkspace() throws IOException {
    Path secrets = outside.resolve("secrets");
    Files.createDirectories(secrets);
    Files.writeString(secrets.resolve("policy.yaml"), "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
        + "metadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n");
    Files.writeString(secrets.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n");
    Files.writeString(dir.resolve("web.yaml"), SeedManifests.WEB);
    try {
      Files.createSymbolicLink(dir.resolve("policy.yaml"), secrets.resolve("policy.yaml"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links are not supported here: " + e);
    }
    Files.createSymbolicLink(dir.resolve("linked-folder"), secrets);
    Files.createDirectories(dir.resolve("sub"));
    Files.createSymbolicLink(dir.resolve("sub/loop"), dir);
    Files.createSymbolicLink(dir.resolve("sub/same.yaml"), dir.resolve("web.yaml"));
  }

  /** Findings that exist only when the STRICT policy outside the workspace is read. */
  private static List<Finding> blocked(List<Finding> findings) {
    return findings.stream().filter(f -> f.rule().equals("probe-blocked-by-strict-mtls")).toList();
  }

  private static final List<String> INDEXED = List.of("sub/same.yaml", "web.yaml");

  @Test
  void indexingDoesNotFollowLinksOutOfTheWorkspace() throws IOException {
    writeLinkedWorkspace();
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    assertEquals(2, ws.indexFolders());
    assertEquals(INDEXED, ws.files().stream().map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList());
    assertEquals(List.of(), blocked(ws.lint(dir.resolve("web.yaml"))), "a policy outside the workspace was read");
    log.check();
  }

  @Test
  void theCommandLineDoesNotFollowLinksOutOfTheWorkspace() throws IOException {
    writeLinkedWorkspace();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), dir)
        .run(new String[] {"--format", "json", "."});
    assertEquals(0, code);
    JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals(2, report.get("files").asInt(), report::toString);
    assertFalse(report.get("findings").toString().contains("probe-blocked-by-strict-mtls"), report::toString);
  }

  @Test
  void theServerDoesNotFollowLinksOutOfTheWorkspaceWhenIndexingOrWatching() throws Exception {
    writeLinkedWorkspace();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      assertEquals(2, client.awaitReady(30).get("files").getAsInt());
      String uri = dir.resolve("web.yaml").toUri().toString();
      client.open(uri, 1, SeedManifests.WEB);
      assertFalse(client.awaitDiagnostics(uri, 1, 30).toString().contains("probe-blocked-by-strict-mtls"));
      // A watcher that reports the links as changed files must not bring their targets in either.
      client.notify("workspace/didChangeWatchedFiles", "{\"changes\":[{\"uri\":\"" + dir.resolve("policy.yaml").toUri()
          + "\",\"type\":1},{\"uri\":\"" + dir.resolve("linked-folder/ns.yaml").toUri() + "\",\"type\":2}]}");
      JsonArray after = client.request("textDocument/diagnostic", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}")
          .getAsJsonObject("result").getAsJsonArray("items");
      assertFalse(after.toString().contains("probe-blocked-by-strict-mtls"), after::toString);
      assertEquals(INDEXED, dev.meshprobe.lsp.LspTestAccess.onEngine(client.server,
          ws -> ws.files().stream().map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList()));
    }
  }

  @Test
  void aConfigurationThatCannotBeReadIsReportedNotSilentlyIgnored() throws IOException {
    Files.write(dir.resolve(".meshprobe.yaml"), "# \u00e9quipe plateforme\nmesh: {mtls: STRICT}\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("web.yaml"), SeedManifests.WEB);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ws.indexFolders();
    List<Finding> findings = ws.lint(dir.resolve(".meshprobe.yaml"));
    assertEquals(1, findings.size(), findings::toString);
    assertEquals("file-not-analysed", findings.get(0).rule());
    assertEquals("This file was not analysed: it is not UTF-8, so its settings are not used.", findings.get(0).message());
    assertEquals("PERMISSIVE", ws.layout().configFor(dir.resolve("web.yaml")).mesh().mtls().value().toString());
    log.check();
  }

  @Test
  void aWorkspaceFolderOpenedThroughALinkIsIndexedUnderTheNameTheClientUses() throws Exception {
    writeLinkedWorkspace();
    Path opened = outside.resolve("opened-through-a-link");
    Files.createSymbolicLink(opened, dir);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(opened), log);
    assertEquals(2, ws.indexFolders());
    assertEquals(List.of(opened.resolve("sub/same.yaml"), opened.resolve("web.yaml")), ws.files().stream().sorted().toList());
    assertEquals(List.of(), blocked(ws.lint(opened.resolve("web.yaml"))));
    ws.refreshFromDisk(opened.resolve("policy.yaml"));
    assertEquals(2, ws.files().size(), "a watcher event brought in a file from outside the workspace");
    log.check();
  }

  @Test
  void settingsFromTheClientAreData() throws Exception {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Files.writeString(dir.resolve("web.yaml"), SeedManifests.WEB);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ws.setEditorSettings(Map.of("mesh", Map.of("mtls", "!!java.lang.Runtime"), "limits", Map.of("maxDepth", List.of("!!java.net.URL", gadget())),
        "istio", Map.of("version", gadget())));
    ws.indexFolders();
    assertEquals(List.of("probe-blocked-by-strict-mtls"), ws.lint(dir.resolve("web.yaml")).stream().map(Finding::rule).toList());
    String problems = String.join("\n", ws.settingsProblems());
    for (String key : List.of("editor settings mesh.mtls", "editor settings limits.maxDepth", "editor settings istio.version")) {
      assertTrue(problems.contains(key), problems);
    }
    log.check();
    assertNothingLoaded();
  }
}
