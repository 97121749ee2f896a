package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.meshprobe.SeedManifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle and the error codes of LSP 3.17 as a client sees them on the wire: before
 * {@code initialize} requests get ServerNotInitialized and notifications are dropped (exit excepted);
 * missing parameters are InvalidParams; methods the server does not offer are MethodNotFound; after
 * {@code shutdown} requests are InvalidRequest; {@code exit} asks for exit code 0 after
 * {@code shutdown} and 1 without it. No answer carries a Java stack trace.
 */
@Timeout(120)
class ProtocolTest {
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int SERVER_NOT_INITIALIZED = -32002;

  @TempDir Path dir;

  static String hoverParams(String uri) {
    return "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":0,\"character\":0}}";
  }

  @Test
  void beforeInitializeRequestsAreServerNotInitializedAndNotificationsAreDropped() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      assertEquals(SERVER_NOT_INITIALIZED, RawLspClient.errorCode(client.request("textDocument/hover", hoverParams(uri))));
      assertEquals(SERVER_NOT_INITIALIZED, RawLspClient.errorCode(client.request("shutdown", "null")));
      assertEquals(SERVER_NOT_INITIALIZED, RawLspClient.errorCode(client.request("meshprobe/noSuchMethod", "{}")));
      client.open(uri, 1, SeedManifests.WEB);
      client.initialize(dir);
      assertNotNull(client.awaitReady(30));
      // The didOpen was dropped, as LSP says: the document is not open, so nothing is published for it.
      JsonObject hover = client.request("textDocument/diagnostic", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}");
      assertTrue(hover.has("result"), hover::toString);
      assertNull(client.await(m -> "textDocument/publishDiagnostics".equals(RawLspClient.method(m)), 0), "a dropped didOpen published");
      assertTrue(client.logMessages(4).stream().anyMatch(l -> l.contains("textDocument/didOpen") && l.contains("before `initialize`")),
          () -> "the dropped notification was not logged: " + client.logMessages(4));
      assertTrue(client.logMessages(4).stream().noneMatch(l -> l.contains("Exception")), () -> "a failure was logged: " + client.logMessages(4));
      // Once initialized, the same document opens normally.
      client.open(uri, 1, SeedManifests.WEB);
      assertNotNull(client.awaitDiagnostics(uri, 1, 30));
    }
  }

  @Test
  void aSecondInitializeIsAnInvalidRequest() throws Exception {
    try (RawLspClient client = new RawLspClient()) {
      assertTrue(client.initialize(dir).has("result"));
      assertEquals(INVALID_REQUEST, RawLspClient.errorCode(client.initialize(dir)));
    }
  }

  @Test
  void missingParametersAreInvalidParamsForRequestsAndALogLineForNotifications() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    String doc = "{\"uri\":\"" + uri + "\"}";
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.open(uri, 1, SeedManifests.WEB);
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"none\",\"method\":\"textDocument/hover\"}");
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.awaitResponse("none", 10)), "hover without params");
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/hover", "{\"position\":{\"line\":0,\"character\":0}}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/hover", "{\"textDocument\":" + doc + "}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/hover", "{\"textDocument\":{},\"position\":{\"line\":0,\"character\":0}}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/inlayHint", "{\"textDocument\":" + doc + "}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/inlayHint", "{\"textDocument\":" + doc + ",\"range\":{\"start\":{\"line\":0,\"character\":0}}}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/codeAction", "{\"textDocument\":" + doc + ",\"context\":{\"diagnostics\":[]}}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/diagnostic", "{}")));
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("codeAction/resolve", "null")));
      // An action whose data this server did not make (found by the differential fuzzer: -32603 on a null uri).
      for (String data : new String[] {"{\"uri\":null}", "{\"uri\":3}", "{\"uri\":{}}", "{\"uri\":\"" + uri + "\",\"rule\":[]}",
          "{\"uri\":\"" + uri + "\",\"offset\":\"x\"}", "{\"uri\":\"" + uri + "\",\"subject\":[1]}", "[]", "\"x\""}) {
        assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("codeAction/resolve", "{\"title\":\"x\",\"data\":" + data + "}")), data);
      }
      // A parameter of the wrong type is invalid too, not a parse error: the JSON itself was fine.
      assertEquals(INVALID_PARAMS, RawLspClient.errorCode(client.request("textDocument/hover", "42")));

      client.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + uri + "\",\"version\":2}}");
      client.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + uri + "\",\"version\":2},\"contentChanges\":[{\"range\":null}]}");
      client.notify("textDocument/didOpen", "{\"textDocument\":null}");
      client.notify("textDocument/didClose", "{}");
      client.notify("workspace/didChangeWatchedFiles", "{\"changes\":[{\"type\":1}]}");
      client.notify("workspace/didChangeConfiguration", "null");
      JsonObject hover = client.request("textDocument/hover", hoverParams(uri));
      assertTrue(hover.has("result"), hover::toString);
      List<String> logs = client.logMessages(4);
      for (String method : List.of("textDocument/didChange", "textDocument/didOpen", "textDocument/didClose",
          "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration")) {
        assertTrue(logs.stream().anyMatch(l -> l.startsWith("ignored " + method + ": ")), () -> method + " was not logged: " + logs);
      }
      assertTrue(logs.stream().noneMatch(l -> l.contains("Exception") || l.contains("\tat ") || l.contains(" failed")), () -> "a failure was logged: " + logs);
      // The document is still the one opened: the broken changes were not half-applied.
      assertEquals(SeedManifests.WEB, dev.meshprobe.lsp.LspTestAccess.onEngine(client.server, ws -> ws.file(web).source().text()));
    }
  }

  @Test
  void methodsTheServerDoesNotOfferAreMethodNotFound() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      assertEquals(METHOD_NOT_FOUND, RawLspClient.errorCode(client.request("textDocument/definition", hoverParams(uri))));
      assertEquals(METHOD_NOT_FOUND, RawLspClient.errorCode(client.request("textDocument/completion", hoverParams(uri))));
      assertEquals(METHOD_NOT_FOUND, RawLspClient.errorCode(client.request("workspace/executeCommand", "{\"command\":\"x\"}")));
      assertEquals(METHOD_NOT_FOUND, RawLspClient.errorCode(client.request("inlayHint/resolve", "{\"position\":{\"line\":0,\"character\":0},\"label\":\"x\"}")));
      assertEquals(METHOD_NOT_FOUND, RawLspClient.errorCode(client.request("meshprobe/noSuchMethod", "{}")));
      assertTrue(client.request("textDocument/hover", hoverParams(uri)).has("result"));
    }
  }

  @Test
  void afterShutdownRequestsAreInvalidRequestAndExitAsksForCode0() throws Exception {
    Path web = SeedManifests.workspace(dir);
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      JsonObject shutdown = client.request("shutdown", "null");
      assertTrue(shutdown.has("result") && shutdown.get("result").isJsonNull(), shutdown::toString);
      assertEquals(INVALID_REQUEST, RawLspClient.errorCode(client.request("textDocument/hover", hoverParams(web.toUri().toString()))));
      assertEquals(INVALID_REQUEST, RawLspClient.errorCode(client.request("shutdown", "null")));
      client.notify("exit", "null");
      assertTrue(awaitExit(client), "exit was not run");
      assertEquals(0, client.exitCode);
    }
  }

  @Test
  void exitWithoutShutdownAsksForCode1EvenBeforeInitialize() throws Exception {
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.notify("exit", "null");
      assertTrue(awaitExit(client), "exit was not run");
      assertEquals(1, client.exitCode);
    }
    try (RawLspClient client = new RawLspClient()) {
      client.notify("exit", "null");
      assertTrue(awaitExit(client), "exit before initialize was not run");
      assertEquals(1, client.exitCode);
    }
  }

  private static boolean awaitExit(RawLspClient client) throws InterruptedException {
    for (int i = 0; i < 1000 && !client.exited; i++) {
      Thread.sleep(10);
    }
    return client.exited;
  }

  /** A hover request as one framed message, with the given Content-Length header line (null: none). */
  private static byte[] frame(String contentLength, String body) {
    String header = contentLength == null ? "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" : "Content-Length: " + contentLength + "\r\n";
    return (header + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
  }

  private static String hover(String id, String uri) {
    return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"textDocument/hover\",\"params\":" + hoverParams(uri) + "}";
  }

  @Test
  void afterAMisframedMessageTheServerReadsTheNextOne() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      int n = 0;
      for (String length : new String[] {"-10", "+10", null, "-1", "abc", "", "2000000000", "99999999999999999999999"}) {
        String bad = hover("bad" + n, uri);
        int size = bad.getBytes(StandardCharsets.UTF_8).length;
        String declared = length == null ? null
            : length.equals("-10") ? String.valueOf(size - 10) : length.equals("+10") ? String.valueOf(size + 10) : length;
        client.sendRaw(frame(declared, bad));
        String good = "good" + n;
        client.sendRaw(frame(String.valueOf(hover(good, uri).length()), hover(good, uri)));
        JsonObject answer = client.awaitResponse(good, 10);
        assertNotNull(answer, "the message after one with Content-Length `" + declared + "` was not answered");
        assertTrue(answer.has("result"), answer::toString);
        n++;
      }
      // A length one short cuts the JSON: that request is answered with a parse error (its id comes first).
      assertEquals(-32700, RawLspClient.errorCode(client.awaitResponse("bad0", 1)));
      // A length too long, or far too long: the JSON ended first, and was the message.
      assertTrue(client.awaitResponse("bad1", 1).has("result"));
      assertTrue(client.awaitResponse("bad6", 1).has("result"));
      assertTrue(client.awaitResponse("bad7", 1).has("result"));
      List<String> logs = client.logMessages(4);
      assertTrue(logs.stream().anyMatch(l -> l.contains("Content-Length")), () -> "nothing said about the framing: " + logs);
      assertTrue(logs.stream().noneMatch(l -> l.contains("Exception") || l.contains("\tat ")), () -> "a failure was logged: " + logs);
    }
  }

  @Test
  void aMessageOverTheLimitIsSkippedAndARequestAmongThemAnswered() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    String before = System.getProperty("meshprobe.maxMessageMB");
    System.setProperty("meshprobe.maxMessageMB", "1");
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      String padding = "x".repeat(2 << 20);
      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"textDocument/hover\",\"params\":{\"padding\":\"" + padding + "\"}}");
      assertEquals(INVALID_REQUEST, RawLspClient.errorCode(client.awaitResponse("big", 10)));
      client.open(uri, 1, SeedManifests.WEB + "# " + padding + "\n");
      assertTrue(client.request("textDocument/hover", hoverParams(uri)).has("result"));
      assertTrue(client.logMessages(4).stream().anyMatch(l -> l.contains("larger than the 1 MB a message may have")), () -> "not logged: " + client.logMessages(4));
    } finally {
      if (before == null) {
        System.clearProperty("meshprobe.maxMessageMB");
      } else {
        System.setProperty("meshprobe.maxMessageMB", before);
      }
    }
  }
}
