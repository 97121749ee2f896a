package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as an editor starts it, over stdio: when the client's stream closes, whether the
 * client said goodbye or crashed, the process is gone within a second. Run by failsafe after the jar
 * is packaged ({@code meshprobe.jar} system property).
 */
@Timeout(120)
class ServerProcessIT {
  private static final Path JAR = Path.of(System.getProperty("meshprobe.jar", "target/meshprobe.jar")).toAbsolutePath();

  @TempDir Path dir;

  private Process start() throws IOException {
    assumeTrue(Files.isRegularFile(JAR), "the jar is built by `mvn package`: " + JAR);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "--stdio").redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void send(OutputStream out, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  /** Reads one framed message. */
  private static String read(InputStream in) throws IOException {
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
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Initializes, opens a document and waits for its diagnostics: a server that is busy and connected. */
  private void initialize(Process p) throws IOException {
    Files.writeString(dir.resolve("web.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n");
    OutputStream out = p.getOutputStream();
    InputStream in = p.getInputStream();
    send(out, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":\"" + dir.toUri()
        + "\",\"capabilities\":{}}}");
    List<String> seen = new ArrayList<>();
    String answer;
    do {
      answer = read(in);
      seen.add(answer);
    } while (!answer.contains("\"id\":1"));
    assertTrue(answer.contains("\"capabilities\""), answer);
    send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + dir.resolve("web.yaml").toUri()
        + "\",\"languageId\":\"yaml\",\"version\":1,\"text\":\"kind: Pod\\n\"}}}");
    do {
      answer = read(in);
    } while (!answer.contains("publishDiagnostics"));
  }

  private static long exitMillis(Process p) throws InterruptedException {
    long start = System.nanoTime();
    boolean exited = p.waitFor(5, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (!exited) {
      p.destroyForcibly();
    }
    assertTrue(exited, "the server was still running 5 s after its input closed");
    return millis;
  }

  @Test
  void theProcessExitsWithinASecondWhenTheClientVanishes() throws Exception {
    Process p = start();
    initialize(p);
    p.getOutputStream().close();
    long millis = exitMillis(p);
    assertTrue(millis < 1_000, "exited after " + millis + " ms");
    assertEquals(1, p.exitValue(), "no shutdown was asked for");
  }

  @Test
  void theProcessExitsWithinASecondWhenTheStreamClosesAfterShutdown() throws Exception {
    Process p = start();
    initialize(p);
    send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
    String answer;
    do {
      answer = read(p.getInputStream());
    } while (!answer.contains("\"id\":2"));
    p.getOutputStream().close();
    long millis = exitMillis(p);
    assertTrue(millis < 1_000, "exited after " + millis + " ms");
    assertEquals(0, p.exitValue());
  }

  @Test
  void exitEndsTheProcessWithCode0AfterShutdownAnd1Without() throws Exception {
    // LSP 3.17, "Exit Notification": exit code 1 when no shutdown request was received before.
    for (boolean shutdown : new boolean[] {true, false}) {
      Process p = start();
      initialize(p);
      if (shutdown) {
        send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
      }
      send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      long millis = exitMillis(p);
      assertTrue(millis < 1_000, "exited after " + millis + " ms");
      assertEquals(shutdown ? 0 : 1, p.exitValue());
    }
  }

  @Test
  void aWrongContentLengthOnStdinCostsThatMessageOnly() throws Exception {
    Process p = start();
    initialize(p);
    OutputStream out = p.getOutputStream();
    String hover = "{\"jsonrpc\":\"2.0\",\"id\":ID,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\""
        + dir.resolve("web.yaml").toUri() + "\"},\"position\":{\"line\":0,\"character\":0}}}";
    byte[] shortened = hover.replace("ID", "4").getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + (shortened.length - 10) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(shortened);
    out.flush();
    send(out, hover.replace("ID", "5"));
    String answer;
    do {
      answer = read(p.getInputStream());
    } while (!answer.contains("\"id\":5"));
    assertTrue(answer.contains("\"result\""), answer);
    out.close();
    assertTrue(exitMillis(p) < 1_000);
  }

  @Test
  void garbageOnStdinDoesNotKillTheProcessButItsEndDoes() throws Exception {
    Process p = start();
    initialize(p);
    OutputStream out = p.getOutputStream();
    out.write("Content-Length: 12\r\n\r\nnot json!!!!".getBytes(StandardCharsets.US_ASCII));
    out.write("garbage without a header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    send(out, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\""
        + dir.resolve("web.yaml").toUri() + "\"},\"position\":{\"line\":0,\"character\":0}}}");
    String answer;
    do {
      answer = read(p.getInputStream());
    } while (!answer.contains("\"id\":3"));
    assertTrue(answer.contains("\"result\""), answer);
    assertTrue(p.isAlive());
    out.close();
    assertTrue(exitMillis(p) < 1_000);
    ByteArrayOutputStream ignored = new ByteArrayOutputStream();
    p.getInputStream().transferTo(ignored);
  }
}
