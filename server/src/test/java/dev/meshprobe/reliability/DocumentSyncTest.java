package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.meshprobe.SeedManifests;
import dev.meshprobe.lsp.LspTestAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document synchronisation when the client gets it wrong: a change for a document it never opened, a
 * change without a version, a code action resolved after its document was closed. The server's text
 * stays the editor's, nothing fails, and what was not applied is said in the log.
 */
@Timeout(120)
class DocumentSyncTest {
  private static final String SEED = "probe-blocked-by-strict-mtls";

  @TempDir Path dir;

  private static String diagnosticRequest(String uri) {
    return "{\"textDocument\":{\"uri\":\"" + uri + "\"}}";
  }

  /** The start line of each diagnostic of a rule. */
  private static List<Integer> lines(JsonArray diagnostics, String rule) {
    assertNotNull(diagnostics, "no diagnostics");
    return diagnostics.asList().stream().map(d -> d.getAsJsonObject())
        .filter(d -> rule.equals(d.get("code").getAsString()))
        .map(d -> d.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt()).toList();
  }

  @Test
  void aChangeToAnIndexedFileThatWasNeverOpenedIsIgnoredAndSaidInTheLog() throws Exception {
    Path web = SeedManifests.workspace(dir);
    Path mesh = dir.resolve("mesh.yaml");
    String webUri = web.toUri().toString();
    String meshUri = mesh.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      client.open(webUri, 1, SeedManifests.WEB);
      assertEquals(1, lines(client.awaitDiagnostics(webUri, 1, 30), SEED).size());
      // mesh.yaml is indexed (its policy decides web.yaml's finding) but the editor never opened it.
      int line = SeedManifests.MESH.split("\n").length - 1;
      client.change(meshUri, 2, line, 10, line, 16, "PERMISSIVE");
      client.change(meshUri, 3, 0, 0, 0, 0, "# more\n");
      JsonObject answer = client.request("textDocument/diagnostic", diagnosticRequest(webUri));
      assertTrue(answer.has("result"), answer::toString);
      assertEquals(1, lines(answer.getAsJsonObject("result").getAsJsonArray("items"), SEED).size(),
          "the policy on disk still decides: the change was not applied to a document that is not open");
      List<String> warnings = client.logMessages(2);
      assertEquals(1, warnings.stream().filter(w -> w.contains("textDocument/didChange") && w.contains(meshUri) && w.contains("not open")).count(),
          () -> "said once per document: " + warnings);
      assertTrue(warnings.stream().noneMatch(w -> w.contains("failed")), () -> "a failure was logged: " + warnings);
      assertEquals(SeedManifests.MESH, Files.readString(mesh));
    }
  }

  @Test
  void aChangeWithoutAVersionIsAppliedAndSaidInTheLog() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      client.awaitReady(30);
      client.open(uri, 1, SeedManifests.WEB);
      int before = lines(client.awaitDiagnostics(uri, 1, 30), SEED).get(0);
      client.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + uri + "\",\"version\":null},\"contentChanges\":["
          + "{\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}},\"text\":\"# one more line\\n\"}]}");
      JsonObject answer = client.request("textDocument/diagnostic", diagnosticRequest(uri));
      assertEquals(List.of(before + 1), lines(answer.getAsJsonObject("result").getAsJsonArray("items"), SEED), "the change was applied");
      assertEquals("# one more line\n" + SeedManifests.WEB, LspTestAccess.onEngine(client.server, ws -> ws.file(web).source().text()));
      assertTrue(client.logMessages(2).stream().anyMatch(w -> w.contains("without a version") && w.contains(uri)), () -> "not logged: " + client.logMessages(2));
      // The push after it names no version, since the client gave none; the next versioned change names its own.
      JsonObject push = client.await(m -> "textDocument/publishDiagnostics".equals(RawLspClient.method(m))
          && lines(m.getAsJsonObject("params").getAsJsonArray("diagnostics"), SEED).equals(List.of(before + 1)), 10);
      assertNotNull(push, "no diagnostics were published for the changed text");
      assertFalse(push.getAsJsonObject("params").has("version") && !push.getAsJsonObject("params").get("version").isJsonNull(), push::toString);
      client.change(uri, 3, 0, 0, 1, 0, "");
      assertEquals(List.of(before), lines(client.awaitDiagnostics(uri, 3, 30), SEED));
      assertEquals(SeedManifests.WEB, LspTestAccess.onEngine(client.server, ws -> ws.file(web).source().text()));
    }
  }

  @Test
  void aCodeActionResolvedAfterItsDocumentClosedComesBackWithoutAnEdit() throws Exception {
    Path web = SeedManifests.workspace(dir);
    String uri = web.toUri().toString();
    String caps = "{\"textDocument\":{\"codeAction\":{\"dataSupport\":true,\"resolveSupport\":{\"properties\":[\"edit\"]},"
        + "\"codeActionLiteralSupport\":{\"codeActionKind\":{\"valueSet\":[\"quickfix\"]}}}}}";
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir, caps);
      client.awaitReady(30);
      client.open(uri, 1, SeedManifests.WEB);
      JsonObject seed = client.awaitDiagnostics(uri, 1, 30).get(0).getAsJsonObject();
      JsonObject listed = client.request("textDocument/codeAction", "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"range\":"
          + seed.get("range") + ",\"context\":{\"diagnostics\":[" + seed + "]}}");
      JsonObject action = listed.getAsJsonArray("result").get(0).getAsJsonObject();
      assertFalse(action.has("edit"), "edits come on resolve");
      JsonObject resolved = client.request("codeAction/resolve", action.toString());
      assertTrue(resolved.getAsJsonObject("result").has("edit"), resolved::toString);

      client.notify("textDocument/didClose", "{\"textDocument\":{\"uri\":\"" + uri + "\"}}");
      JsonObject afterClose = client.request("codeAction/resolve", action.toString());
      assertTrue(afterClose.has("result"), afterClose::toString);
      assertEquals(action.get("title"), afterClose.getAsJsonObject("result").get("title"));
      assertFalse(afterClose.getAsJsonObject("result").has("edit"), "no edit for a document that is no longer open: " + afterClose);
      assertTrue(client.logMessages(2).stream().noneMatch(w -> w.contains("failed")), () -> "a failure was logged: " + client.logMessages(2));
    }
  }
}
