package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.meshprobe.SeedManifests;
import dev.meshprobe.engine.EngineTestAccess;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.lsp.LspTestAccess;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.RuleInfo;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around the server: the client going away, malformed JSON-RPC, a rule that throws, cancelled
 * requests, and a burst of edits.
 */
@Timeout(120)
class FaultTest {
  @TempDir Path dir;

  private static String hoverParams(String uri) {
    return "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":0,\"character\":0}}";
  }

  // ---- the client goes away

  @Test
  void closingTheClientStreamStopsTheConnectionWithinASecond() throws Exception {
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      long start = System.nanoTime();
      client.closeInput();
      client.listening.get(1, TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
    }
  }

  // ---- malformed JSON-RPC

  @Test
  void malformedMessagesGetErrorAnswersAndTheServerKeepsServing() throws Exception {
    Path file = dir.resolve("web.yaml");
    Files.writeString(file, SeedManifests.WEB);
    String uri = file.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.open(uri, 1, SeedManifests.WEB);

      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"cut\",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":");
      assertEquals(-32700, RawLspClient.errorCode(client.awaitResponse("cut", 10)), "parse error");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"type\",\"method\":\"textDocument/hover\",\"params\":42}");
      assertEquals(-32602, RawLspClient.errorCode(client.awaitResponse("type", 10)), "params of the wrong type");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"field\",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
          + "\"},\"position\":{\"line\":\"one\",\"character\":0}}}");
      assertEquals(-32602, RawLspClient.errorCode(client.awaitResponse("field", 10)), "a field of the wrong type");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"unknown\",\"method\":\"meshprobe/noSuchMethod\",\"params\":{}}");
      assertEquals(-32601, RawLspClient.errorCode(client.awaitResponse("unknown", 10)), "method not found");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"none\",\"method\":\"textDocument/hover\"}");
      assertEquals(-32602, RawLspClient.errorCode(client.awaitResponse("none", 10)), "missing params");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"notification\",\"method\":\"textDocument/didSave\",\"params\":{\"textDocument\":{\"uri\":\"" + uri + "\"}}}");
      assertEquals(-32600, RawLspClient.errorCode(client.awaitResponse("notification", 10)), "a notification sent as a request");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"array\",\"method\":\"textDocument/hover\",\"params\":[null,null,{}]}");
      assertEquals(-32602, RawLspClient.errorCode(client.awaitResponse("array", 10)), "parameters as an array of the wrong length");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/didClose\",\"params\":[null,null]}");
      assertEquals(-32602, RawLspClient.errorCode(client.await(m -> m.has("id") && m.get("id").isJsonPrimitive()
          && m.get("id").getAsJsonPrimitive().isNumber() && m.get("id").getAsInt() == 7, 10)), "a numeric id is answered with that id");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"badUri\",\"method\":\"textDocument/hover\",\"params\":" + hoverParams("::not a uri") + "}");
      assertTrue(client.awaitResponse("badUri", 10).has("result"), "a URI that is not one");

      // Messages with no id to answer: not JSON, not an object, broken headers, bytes that are not UTF-8.
      client.send("this is not JSON");
      client.send("[1, 2, 3]");
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":null}}");
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
          + "\",\"version\":2},\"contentChanges\":[{\"range\":{\"start\":{\"line\":-4,\"character\":-1},\"end\":{\"line\":900,\"character\":0}},\"text\":\"\"}]}}");
      client.sendRaw("Content-Length: abc\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
      client.sendRaw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      client.sendFramed(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}'});

      JsonObject hover = client.request("textDocument/hover", hoverParams(uri));
      assertNotNull(hover, "the server stopped answering");
      assertTrue(hover.has("result"), hover::toString);
      assertFalse(client.listening.isDone());
      // The out-of-range change above (applied before the hover was answered) was clamped to the whole text.
      assertEquals("", LspTestAccess.onEngine(client.server, ws -> ws.file(file).source().text()));
    }
  }

  @Test
  void aRequestForAnUnknownDocumentIsAnsweredEmpty() throws Exception {
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      JsonObject hover = client.request("textDocument/hover", hoverParams(dir.resolve("nowhere.yaml").toUri().toString()));
      assertTrue(hover.has("result") && hover.get("result").isJsonNull(), hover::toString);
      JsonObject diagnostics = client.request("textDocument/diagnostic", "{\"textDocument\":{\"uri\":\"" + dir.resolve("nowhere.yaml").toUri() + "\"}}");
      assertEquals(0, diagnostics.getAsJsonObject("result").getAsJsonArray("items").size(), diagnostics::toString);
    }
  }

  // ---- a rule that throws

  /** Throws from every hook, alternating runtime exceptions and stack overflows. */
  @RuleInfo(id = "test-throwing-rule", severity = Severity.ERROR, summary = "Throws.", href = "https://example.invalid/")
  static final class ThrowingRule extends Rule {
    int calls;

    private void fail() {
      if (calls++ % 2 == 0) {
        throw new IllegalStateException("injected failure");
      }
      throw new StackOverflowError("injected overflow");
    }

    @Override
    public void checkFile(String file, YamlFile yaml, Consumer<Finding> sink) {
      fail();
    }

    @Override
    public void checkDocument(String file, Anchor anchor, YamlDocument document, Consumer<Finding> sink) {
      fail();
    }

    @Override
    public void checkResource(Resource resource, MeshModel mesh, Consumer<Finding> sink) {
      fail();
    }

    @Override
    public void checkWorkload(Workload workload, MeshModel mesh, Consumer<Finding> sink) {
      fail();
    }

    @Override
    public void checkProbe(ProbeVerdict verdict, MeshModel mesh, Consumer<Finding> sink) {
      fail();
    }

    @Override
    public void checkWorkspace(MeshModel mesh, Consumer<Finding> sink) {
      fail();
    }
  }

  private static List<Rule> withThrowingRuleFirst(ThrowingRule thrower) {
    List<Rule> rules = new ArrayList<>();
    rules.add(thrower);
    rules.addAll(Rules.all());
    return rules;
  }

  private static final String DUPLICATE = SeedManifests.WEB.replace("  name: web\n", "  name: web\n  name: web\n");

  @Test
  void aRuleThatThrowsIsLoggedAndTheOtherRulesStillReport() throws Exception {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Path file = dir.resolve("web.yaml");
    Files.writeString(file, DUPLICATE);

    Workspace clean = new Workspace(List.of(dir), new Failures());
    clean.indexFolders();
    List<String> expected = clean.lint(file).stream().map(f -> f.rule() + " " + f.where().start() + " " + f.message()).toList();
    assertEquals(List.of("yaml-duplicate-key", "probe-blocked-by-strict-mtls"),
        clean.lint(file).stream().map(Finding::rule).toList());

    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ThrowingRule thrower = new ThrowingRule();
    EngineTestAccess.useRules(ws, withThrowingRuleFirst(thrower));
    ws.indexFolders();
    List<String> actual = ws.lint(file).stream().map(f -> f.rule() + " " + f.where().start() + " " + f.message()).toList();
    assertEquals(expected, actual);
    assertTrue(thrower.calls >= 6, "every hook ran: " + thrower.calls);
    assertEquals(thrower.calls, log.warnings.size());
    for (Failures.Warning w : log.warnings) {
      assertEquals("rule test-throwing-rule failed", w.message());
      assertTrue(w.error() instanceof IllegalStateException || w.error() instanceof StackOverflowError, w.error()::toString);
    }
  }

  @Test
  void aRuleThatThrowsInTheServerIsLoggedToTheClientAndTheDiagnosticsStillCome() throws Exception {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Path file = dir.resolve("web.yaml");
    String uri = file.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      ThrowingRule thrower = new ThrowingRule();
      LspTestAccess.onEngine(client.server, ws -> {
        EngineTestAccess.useRules(ws, withThrowingRuleFirst(thrower));
        return null;
      });
      client.open(uri, 1, DUPLICATE);
      assertEquals(List.of("yaml-duplicate-key", "probe-blocked-by-strict-mtls"), rules(client.awaitDiagnostics(uri, 1, 30)));
      JsonObject log = client.await(m -> "window/logMessage".equals(RawLspClient.method(m))
          && m.getAsJsonObject("params").get("message").getAsString().startsWith("rule test-throwing-rule failed"), 10);
      assertNotNull(log, "the failure was not logged to the client");
      assertEquals(2, log.getAsJsonObject("params").get("type").getAsInt(), "logged as a warning");
    }
  }

  // ---- cancellation

  @Test
  void aCancelledRequestIsAnsweredAsCancelledAndTheNextOneIsServed() throws Exception {
    Path file = dir.resolve("web.yaml");
    String uri = file.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      client.open(uri, 1, SeedManifests.WEB);
      client.awaitDiagnostics(uri, 1, 30);
      CompletableFuture<Void> release = new CompletableFuture<>();
      LspTestAccess.blockEngine(client.server, release);
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"textDocument/hover\",\"params\":" + hoverParams(uri) + "}");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"slowHints\",\"method\":\"textDocument/inlayHint\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
          + "\"},\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":99,\"character\":0}}}}");
      client.notify("$/cancelRequest", "{\"id\":\"slow\"}");
      client.notify("$/cancelRequest", "{\"id\":\"slowHints\"}");
      // Cancelling what does not exist, or with nonsense, changes nothing.
      client.notify("$/cancelRequest", "{\"id\":\"never-sent\"}");
      client.notify("$/cancelRequest", "{\"id\":{\"x\":[1]}}");
      client.notify("$/cancelRequest", "null");
      assertEquals(-32800, RawLspClient.errorCode(client.awaitResponse("slow", 10)), "request cancelled");
      assertEquals(-32800, RawLspClient.errorCode(client.awaitResponse("slowHints", 10)), "request cancelled");
      release.complete(null);
      JsonObject next = client.request("textDocument/inlayHint", "{\"textDocument\":{\"uri\":\"" + uri
          + "\"},\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":99,\"character\":0}}}");
      assertTrue(next.has("result"), next::toString);
      assertEquals(1, next.getAsJsonArray("result").size(), next::toString);
    }
  }

  @Test
  void closingRightAfterAnEditLogsNoFailure() throws Exception {
    Path file = dir.resolve("web.yaml");
    String uri = file.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      for (int i = 0; i < 20; i++) {
        client.open(uri, 1, SeedManifests.WEB);
        client.change(uri, 2, 0, 0, 0, 0, "# edited\n");
        client.notify("textDocument/didClose", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}");
      }
      assertNotNull(client.request("textDocument/hover", hoverParams(uri)));
      assertNull(client.await(m -> "window/logMessage".equals(RawLspClient.method(m))
          && m.getAsJsonObject("params").get("type").getAsInt() <= 2, 0), () -> "a warning was logged: " + client.received());
    }
  }

  // ---- a burst of edits

  /** Where a UTF-16 offset is, as LSP counts lines ({@code \n}, {@code \r\n} or a lone {@code \r}). */
  private static int[] position(String text, int offset) {
    int line = 0;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart};
  }

  @Test
  void aThousandRapidEditsEndWithTheDiagnosticsOfAFreshLint() throws Exception {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Path file = dir.resolve("web.yaml");
    String uri = file.toUri().toString();
    String[] pieces = {"\n", "  ", "- ", ": ", "name: x\n", "port: 8080", "---\n", "{", "}", "[", "]", "\"", "#", "\t", "\r\n",
        "\uD83D\uDE00", "livenessProbe:\n", "httpGet: {path: /, port: 80}\n", "kind: Deployment\n", "&a ", "*a", "é"};
    Random random = new Random(1000);
    String text = SeedManifests.WEB + "---\n" + SeedManifests.WEB.replace("name: web", "name: api");
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      client.open(uri, 1, text);
      for (int version = 2; version <= 1001; version++) {
        int start = random.nextInt(text.length() + 1);
        int end = Math.min(text.length(), start + (random.nextInt(4) == 0 ? random.nextInt(40) : 0));
        // Never split a surrogate pair: an editor edits whole characters.
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
          start--;
        }
        if (end > 0 && end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
          end++;
        }
        end = Math.max(start, end);
        String insert = random.nextInt(3) == 0 ? "" : pieces[random.nextInt(pieces.length)];
        int[] from = position(text, start);
        int[] to = position(text, end);
        client.change(uri, version, from[0], from[1], to[0], to[1], insert);
        text = text.substring(0, start) + insert + text.substring(end);
      }
      String finalText = text;
      // A request is answered after every notification sent before it has been applied.
      JsonArray afterEdits = client.request("textDocument/diagnostic", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}")
          .getAsJsonObject("result").getAsJsonArray("items");
      String held = LspTestAccess.onEngine(client.server, ws -> ws.file(file).source().text());
      assertEquals(finalText, held, "the server's text differs from the editor's after 1,000 edits");

      try (RawLspClient fresh = new RawLspClient()) {
        fresh.initialize(dir);
        fresh.awaitReady(30);
        fresh.open(uri, 1, finalText);
        JsonArray freshItems = fresh.request("textDocument/diagnostic", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}")
            .getAsJsonObject("result").getAsJsonArray("items");
        assertEquals(freshItems, afterEdits);
      }
      // And the last push matches too, whichever version it was published for.
      JsonObject lastPush = null;
      for (JsonObject m : client.received()) {
        if ("textDocument/publishDiagnostics".equals(RawLspClient.method(m)) && m.getAsJsonObject("params").get("uri").getAsString().equals(uri)) {
          lastPush = m;
        }
      }
      assertNotNull(lastPush);
      assertEquals(afterEdits, lastPush.getAsJsonObject("params").getAsJsonArray("diagnostics"));
      assertNull(client.await(m -> m.has("error"), 0), "an error was answered during the edits");
    }
  }

  private static List<String> rules(JsonArray diagnostics) {
    assertNotNull(diagnostics, "no diagnostics published");
    List<String> out = new ArrayList<>();
    diagnostics.forEach(d -> out.add(d.getAsJsonObject().get("code").getAsString()));
    return out;
  }
}
