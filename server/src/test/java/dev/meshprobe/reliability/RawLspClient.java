package dev.meshprobe.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.meshprobe.lsp.MeshprobeClient;
import dev.meshprobe.lsp.MeshprobeServer;
import dev.meshprobe.lsp.ServerLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * A client that speaks JSON-RPC as bytes to an in-process server, so that a test can send what no
 * well-behaved client would: broken headers, broken JSON, wrong types. It answers the server's own
 * requests with {@code null} and keeps every message the server sends.
 */
final class RawLspClient implements AutoCloseable {
  final MeshprobeServer server = new MeshprobeServer();
  private final List<JsonObject> received = new ArrayList<>();
  /** The diagnostics last published for each document (kept when {@link #forget} drops the messages). */
  private final Map<String, JsonObject> lastPublished = new ConcurrentHashMap<>();
  /** The parameters of the last {@code meshprobe/status} (kept when {@link #forget} drops the messages). */
  private volatile JsonObject lastStatus;
  final Future<Void> listening;
  private final OutputStream toServer;
  private final InputStream fromServer;
  private final Thread reader;
  private final PipedOutputStream serverOut;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "raw-client-server");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger ids = new AtomicInteger();
  volatile boolean exited;
  /** The exit code the server asked for on {@code exit}, or -1 before it. */
  volatile int exitCode = -1;

  RawLspClient() throws IOException {
    PipedInputStream serverIn = new PipedInputStream(1 << 20);
    toServer = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    fromServer = clientIn;
    server.onExit(() -> {
      exitCode = server.exitCode();
      exited = true;
    });
    this.serverOut = serverOut;
    Launcher<MeshprobeClient> launcher = ServerLauncher.launcher(server, serverIn, serverOut, threads);
    listening = launcher.startListening();
    reader = new Thread(this::readLoop, "raw-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Initializes the server with {@code root} as its one workspace folder and waits for the answer. */
  JsonObject initialize(Path root) throws IOException, InterruptedException {
    return initialize(root, "{}");
  }

  /** Initializes the server with {@code root} as its one workspace folder and the given client capabilities (JSON). */
  JsonObject initialize(Path root, String capabilities) throws IOException, InterruptedException {
    String params = "{\"processId\":null,\"rootUri\":null,\"capabilities\":" + capabilities + ",\"workspaceFolders\":[{\"uri\":\""
        + root.toUri() + "\",\"name\":\"ws\"}]}";
    JsonObject answer = request("initialize", params);
    notify("initialized", "{}");
    return answer;
  }

  void open(String uri, int version, String text) throws IOException {
    notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + quote(uri) + ",\"languageId\":\"yaml\",\"version\":" + version
        + ",\"text\":" + quote(text) + "}}");
  }

  /** An incremental change replacing lines and UTF-16 columns {@code [l1:c1, l2:c2)} with {@code text}. */
  void change(String uri, int version, int l1, int c1, int l2, int c2, String text) throws IOException {
    notify("textDocument/didChange", "{\"textDocument\":{\"uri\":" + quote(uri) + ",\"version\":" + version
        + "},\"contentChanges\":[{\"range\":{\"start\":{\"line\":" + l1 + ",\"character\":" + c1 + "},\"end\":{\"line\":" + l2
        + ",\"character\":" + c2 + "}},\"text\":" + quote(text) + "}]}");
  }

  /** A change that replaces the whole text. */
  void replaceAll(String uri, int version, String text) throws IOException {
    notify("textDocument/didChange", "{\"textDocument\":{\"uri\":" + quote(uri) + ",\"version\":" + version
        + "},\"contentChanges\":[{\"text\":" + quote(text) + "}]}");
  }

  /**
   * The diagnostics published for {@code uri} at {@code version} once the first index is done, or null
   * when none came in time. A document opened while the index runs gets provisional diagnostics first
   * and, when they differ, its final ones as the index ends: after "ready", a request that the engine
   * answers after that last lint makes sure every publication of it has arrived, and the last one counts.
   */
  JsonArray awaitDiagnostics(String uri, int version, int seconds) throws InterruptedException {
    Predicate<JsonObject> ofVersion = x -> "textDocument/publishDiagnostics".equals(method(x))
        && x.getAsJsonObject("params").get("uri").getAsString().equals(uri)
        && x.getAsJsonObject("params").has("version") && x.getAsJsonObject("params").get("version").getAsInt() == version;
    if (awaitReady(seconds) != null) {
      try {
        request("textDocument/hover", "{\"textDocument\":{\"uri\":" + quote(uri) + "},\"position\":{\"line\":0,\"character\":0}}");
      } catch (IOException e) {
        // The server is gone: what came before it is all there is.
      }
    }
    if (await(ofVersion, seconds) == null) {
      return null;
    }
    JsonObject last = null;
    for (JsonObject m : received()) {
      if (ofVersion.test(m)) {
        last = m;
      }
    }
    return last.getAsJsonObject("params").getAsJsonArray("diagnostics");
  }

  /** Waits for the {@code meshprobe/status} notification saying indexing is done. */
  JsonObject awaitReady(int seconds) throws InterruptedException {
    JsonObject m = await(x -> "meshprobe/status".equals(method(x)) && "ready".equals(x.getAsJsonObject("params").get("state").getAsString()), seconds);
    return m == null ? null : m.getAsJsonObject("params");
  }

  /**
   * Waits until the last {@code meshprobe/status} says no chart or overlay is waiting to be rendered or
   * being rendered ({@code rendering} 0 or absent), and returns it; null when that did not happen in time.
   * Call it after a request was answered: the server sent every status due before that answer.
   */
  JsonObject awaitRendersIdle(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (received) {
      while (true) {
        JsonObject s = lastStatus;
        if (s == null || !s.has("rendering") || s.get("rendering").getAsInt() == 0) {
          return s == null ? new JsonObject() : s;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return null;
        }
        received.wait(Math.min(left, 50));
      }
    }
  }

  /** The parameters of the last {@code meshprobe/status}, or null. */
  JsonObject lastStatus() {
    return lastStatus;
  }

  static String method(JsonObject m) {
    return m.has("method") ? m.get("method").getAsString() : null;
  }

  static String quote(String s) {
    return new JsonPrimitive(s).toString();
  }

  /** Sends a request and waits for its answer (a result or an error). */
  JsonObject request(String method, String paramsJson) throws IOException, InterruptedException {
    String id = "t" + ids.incrementAndGet();
    send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
    return awaitResponse(id, 20);
  }

  void notify(String method, String paramsJson) throws IOException {
    send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
  }

  /** Frames {@code body} with a correct header and sends it. */
  void send(String body) throws IOException {
    sendFramed(body.getBytes(StandardCharsets.UTF_8));
  }

  void sendFramed(byte[] body) throws IOException {
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    synchronized (toServer) {
      toServer.write(header);
      toServer.write(body);
      toServer.flush();
    }
  }

  /** Sends bytes exactly as given: headers and all. */
  void sendRaw(byte[] bytes) throws IOException {
    synchronized (toServer) {
      toServer.write(bytes);
      toServer.flush();
    }
  }

  /** Closes the client's side of the stream, as an editor that quits or crashes does. */
  void closeInput() throws IOException {
    toServer.close();
  }

  JsonObject awaitResponse(String id, int seconds) throws InterruptedException {
    return await(m -> !m.has("method") && m.has("id") && m.get("id").isJsonPrimitive() && m.get("id").getAsString().equals(id), seconds);
  }

  JsonObject await(Predicate<JsonObject> condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (received) {
      while (true) {
        for (JsonObject m : received) {
          if (condition.test(m)) {
            return m;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return null;
        }
        received.wait(Math.min(left, 50));
      }
    }
  }

  /** Every message the server has sent so far (since {@link #forget}). */
  List<JsonObject> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  /** The text of the log messages received (window/logMessage) of at most {@code maxType}: 1 errors, 2 warnings, 4 everything. */
  List<String> logMessages(int maxType) {
    return received().stream().filter(m -> "window/logMessage".equals(method(m)) && m.getAsJsonObject("params").get("type").getAsInt() <= maxType)
        .map(m -> m.getAsJsonObject("params").get("message").getAsString()).toList();
  }

  /** The error code of an answer, which must be an error carrying no Java stack trace. */
  static int errorCode(JsonObject answer) {
    org.junit.jupiter.api.Assertions.assertNotNull(answer, "no answer");
    org.junit.jupiter.api.Assertions.assertTrue(answer.has("error"), answer::toString);
    JsonObject error = answer.getAsJsonObject("error");
    org.junit.jupiter.api.Assertions.assertFalse(error.toString().contains("\\tat "), () -> "a stack trace in the answer: " + error);
    return error.get("code").getAsInt();
  }

  /** Drops the messages received so far, so that a long session does not search an ever longer list. */
  void forget() {
    synchronized (received) {
      received.clear();
    }
  }

  /** The parameters of the last publishDiagnostics for {@code uri} (uri, version, diagnostics), or null. */
  JsonObject lastPublished(String uri) {
    return lastPublished.get(uri);
  }

  private void readLoop() {
    try {
      while (true) {
        int length = -1;
        String line;
        while (!(line = readLine()).isEmpty()) {
          if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        byte[] body = fromServer.readNBytes(length);
        if (body.length < length) {
          return;
        }
        JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        JsonObject m = e.getAsJsonObject();
        if ("textDocument/publishDiagnostics".equals(method(m))) {
          lastPublished.put(m.getAsJsonObject("params").get("uri").getAsString(), m.getAsJsonObject("params"));
        }
        if ("meshprobe/status".equals(method(m))) {
          lastStatus = m.getAsJsonObject("params");
        }
        synchronized (received) {
          received.add(m);
          received.notifyAll();
        }
        if (m.has("method") && m.has("id")) {
          // The server asks something (configuration, registration, progress): answer with null.
          send("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":null}");
        }
      }
    } catch (IOException | RuntimeException e) {
      // The server closed its side.
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = fromServer.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    if (c == -1) {
      throw new IOException("closed");
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  /** Ends the connection and every thread it started: a fuzz run makes thousands of them. */
  @Override
  public void close() throws IOException {
    try {
      closeInput();
      listening.get(5, TimeUnit.SECONDS);
    } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // already closed, or the server did not stop in time: the threads are stopped below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.exit();
      threads.shutdownNow();
      serverOut.close();
      fromServer.close();
    }
  }
}
