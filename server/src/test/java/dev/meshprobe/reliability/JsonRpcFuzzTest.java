package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target (c): a fresh in-process server is fed framed JSON-RPC messages built from the input
 * (real method names with random parameters, or random bodies), then must still answer a valid hover
 * on an open document, and must have answered every request it was sent (a result or an error).
 *
 * <p>{@code exit}, {@code initialize} and {@code initialized} are left out of what is sent: the first
 * ends the session by design, the others would point the server at folders of this machine.
 * Without {@code JAZZER_FUZZ} the committed inputs in
 * {@code src/test/resources/dev/meshprobe/reliability/JsonRpcFuzzTestInputs/anyMessages/} are replayed.
 */
class JsonRpcFuzzTest {
  private static final Path ROOT;
  private static final String OPEN_URI;
  private static final String[] URIS;

  static {
    try {
      ROOT = Files.createTempDirectory("meshprobe-rpc-fuzz").toRealPath();
      Files.writeString(ROOT.resolve("policy.yaml"), "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
          + "metadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n");
      Files.writeString(ROOT.resolve(".meshprobe.yaml"), "mesh: {injection: assume-injected}\n");
      OPEN_URI = ROOT.resolve("web.yaml").toUri().toString();
      URIS = new String[] {OPEN_URI, ROOT.resolve("other.yaml").toUri().toString(), ROOT.resolve("policy.yaml").toUri().toString(),
          ROOT.resolve(".meshprobe.yaml").toUri().toString(), "untitled:Untitled-1", "file:///", "not a uri"};
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final String WEB = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n"
      + "  template:\n    spec:\n      containers:\n      - name: web\n        livenessProbe:\n          httpGet: {path: /healthz, port: 8080}\n";

  private static final String[] METHODS = {"textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
      "textDocument/didSave", "textDocument/hover", "textDocument/inlayHint", "textDocument/codeAction", "codeAction/resolve",
      "textDocument/diagnostic", "workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles", "$/cancelRequest",
      "$/setTrace", "shutdown", "textDocument/completion", "workspace/executeCommand"};
  private static final String[] KEYS = {"textDocument", "uri", "text", "version", "position", "line", "character", "range",
      "start", "end", "contentChanges", "settings", "meshprobe", "changes", "type", "context", "diagnostics", "only", "id",
      "languageId", "data", "rules", "mesh", "mtls", "istio", "limits", "maxDepth", "rangeLength", "value", "title"};
  private static final Set<String> NEVER_SENT = Set.of("exit", "initialize", "initialized");

  @FuzzTest
  void anyMessages(FuzzedDataProvider data) throws Exception {
    try (RawLspClient client = new RawLspClient()) {
      assertNotNull(client.initialize(ROOT), "initialize was not answered");
      client.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + OPEN_URI + "\",\"languageId\":\"yaml\",\"version\":1,\"text\":"
          + quote(WEB) + "}}");
      List<String> requestIds = new ArrayList<>();
      int count = data.consumeInt(1, 8);
      for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
        if (data.consumeBoolean()) {
          String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(24);
          if (NEVER_SENT.contains(method)) {
            continue;
          }
          boolean request = data.consumeBoolean();
          String id = "f" + i;
          StringBuilder body = new StringBuilder("{\"jsonrpc\":\"2.0\",");
          if (request) {
            body.append("\"id\":\"").append(id).append("\",");
            requestIds.add(id);
          }
          body.append("\"method\":").append(quote(method)).append(",\"params\":");
          json(data, body, 0);
          client.send(body.append('}').toString());
        } else {
          byte[] raw = data.consumeBytes(data.consumeInt(0, 2048));
          if (!mayBeSent(new String(raw, java.nio.charset.StandardCharsets.UTF_8))) {
            continue;
          }
          client.sendFramed(raw);
        }
      }
      JsonObject probe = client.request("textDocument/hover",
          "{\"textDocument\":{\"uri\":\"" + OPEN_URI + "\"},\"position\":{\"line\":8,\"character\":10}}");
      assertNotNull(probe, "the server stopped answering after the fuzzed messages");
      assertTrue(probe.has("result") || probe.has("error"), probe::toString);
      for (String id : requestIds) {
        assertNotNull(client.awaitResponse(id, 10), "request " + id + " was never answered");
      }
      assertFalse(client.listening.isDone(), "the server stopped listening");
      client.request("shutdown", "null");
      client.notify("exit", "null");
    }
  }

  /** A random JSON value; object keys come mostly from LSP's own vocabulary, URIs from a small set. */
  private static void json(FuzzedDataProvider data, StringBuilder out, int depth) {
    int kind = depth > 4 ? data.consumeInt(0, 4) : data.consumeInt(0, 7);
    switch (kind) {
      case 0 -> out.append("null");
      case 1 -> out.append(data.consumeBoolean());
      case 2 -> out.append(data.consumeInt());
      case 3 -> out.append(quote(data.consumeString(64)));
      case 4 -> out.append(quote(data.pickValue(URIS)));
      case 5, 6 -> {
        out.append('{');
        int n = data.consumeInt(0, 5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          out.append(quote(data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(12))).append(':');
          json(data, out, depth + 1);
        }
        out.append('}');
      }
      default -> {
        out.append('[');
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          json(data, out, depth + 1);
        }
        out.append(']');
      }
    }
  }

  private static String quote(String s) {
    return new com.google.gson.JsonPrimitive(s).toString();
  }

  /** False for a body that names a method this target never sends, however it spells it. */
  private static boolean mayBeSent(String body) {
    try {
      JsonReader reader = new JsonReader(new StringReader(body));
      reader.setLenient(true);
      JsonElement e = JsonParser.parseReader(reader);
      if (e.isJsonObject() && e.getAsJsonObject().has("method")) {
        JsonElement m = e.getAsJsonObject().get("method");
        return !(m.isJsonPrimitive() && NEVER_SENT.contains(m.getAsString()));
      }
      return true;
    } catch (RuntimeException e) {
      return true;
    }
  }
}
