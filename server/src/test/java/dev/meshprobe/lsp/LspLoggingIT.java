package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LSP4J's own log as an editor sees it, from the built jar over stdio: a burst of cancelled requests
 * (what typing does to hovers, inlay hints and code actions) writes nothing to the server's log, while
 * a real LSP4J warning still arrives, as one line of the server's log ({@code window/logMessage}), not
 * as java.util.logging's two-line records on standard error. With tracing on, cancellations show.
 */
@Timeout(60)
class LspLoggingIT {
  @TempDir Path dir;

  private static void send(OutputStream out, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  private static JsonObject read(InputStream in) throws IOException {
    int length = -1;
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the server closed its output");
      }
      if (c == '\n') {
        String l = line.toString().trim();
        line.setLength(0);
        if (l.isEmpty()) {
          break;
        }
        if (l.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(l.substring(15).trim());
        }
      } else {
        line.append((char) c);
      }
    }
    return JsonParser.parseString(new String(in.readNBytes(length), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static JsonObject until(InputStream in, List<JsonObject> seen, Predicate<JsonObject> wanted) throws IOException {
    while (true) {
      JsonObject m = read(in);
      seen.add(m);
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  private static List<String> logMessages(List<JsonObject> seen) {
    return seen.stream().filter(m -> m.has("method") && m.get("method").getAsString().equals("window/logMessage"))
        .map(m -> m.getAsJsonObject("params").get("message").getAsString()).toList();
  }

  private record Session(List<JsonObject> seen, String stderr) {}

  /** A session with a burst of requests cancelled after (and before) their answers, and one unknown notification. */
  private Session session(String trace) throws Exception {
    assumeTrue(Files.isRegularFile(StdioClientIT.JAR), "the jar is built by `mvn package`");
    Path web = dir.resolve("web.yaml");
    Files.writeString(web, dev.meshprobe.SeedManifests.WEB);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = dir.resolve("stderr-" + trace + ".txt");
    Process p = new ProcessBuilder(java.toString(), "-jar", StdioClientIT.JAR.toString(), "--stdio")
        .redirectError(stderr.toFile()).start();
    List<JsonObject> seen = new ArrayList<>();
    try {
      OutputStream out = p.getOutputStream();
      InputStream in = p.getInputStream();
      send(out, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":\"" + dir.toUri()
          + "\",\"trace\":\"" + trace + "\",\"capabilities\":{}}}");
      until(in, seen, m -> m.has("id") && m.get("id").getAsInt() == 1 && m.has("result"));
      send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      String uri = web.toUri().toString();
      send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
          + "\",\"languageId\":\"yaml\",\"version\":1,\"text\":" + new com.google.gson.Gson().toJson(dev.meshprobe.SeedManifests.WEB) + "}}}");
      until(in, seen, m -> m.has("method") && m.get("method").getAsString().equals("textDocument/publishDiagnostics"));
      for (int id = 10; id < 30; id++) {
        send(out, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\""
            + uri + "\"},\"position\":{\"line\":14,\"character\":" + (id % 10) + "}}}");
        // Cancelled right away (may still be running) and once more after its answer (unmatched).
        send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":" + id + "}}");
      }
      until(in, seen, m -> m.has("id") && m.get("id").getAsInt() == 29 && !m.has("method"));
      for (int id = 10; id < 30; id++) {
        send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":" + id + "}}");
      }
      // LSP4J warns about a notification nobody handles: a real warning, which must still be logged.
      send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"meshprobe/noSuchNotification\",\"params\":{}}");
      send(out, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
      until(in, seen, m -> m.has("id") && m.get("id").getAsInt() == 2);
      send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the server exits");
      while (in.available() > 0) {
        seen.add(read(in));
      }
    } finally {
      p.destroyForcibly();
    }
    return new Session(seen, Files.readString(stderr));
  }

  @Test
  void cancellationsLeaveTheLogQuietAndRealWarningsArriveAsOneLineEach() throws Exception {
    Session s = session("off");
    List<String> logs = logMessages(s.seen());
    String all = String.join("\n", logs) + "\n" + s.stderr();
    assertFalse(all.contains("cancel notification") || all.contains("handleCancellation"), "cancellations logged:\n" + all);
    assertFalse(s.stderr().contains("org.eclipse.lsp4j"), "java.util.logging's own format on stderr:\n" + s.stderr());
    List<String> unsupported = logs.stream().filter(l -> l.contains("noSuchNotification")).toList();
    assertEquals(1, unsupported.size(), "the real warning, once, through the server's log: " + logs);
    assertTrue(unsupported.get(0).startsWith("lsp4j "), unsupported.get(0));
  }

  @Test
  void withTracingOnCancellationsAreLoggedToo() throws Exception {
    Session s = session("verbose");
    List<String> logs = logMessages(s.seen());
    assertTrue(logs.stream().anyMatch(l -> l.contains("cancel notification")), "cancellations while tracing: " + logs);
    assertFalse(s.stderr().contains("org.eclipse.lsp4j"), s.stderr());
  }
}
