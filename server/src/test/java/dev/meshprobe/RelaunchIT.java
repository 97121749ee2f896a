package dev.meshprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar started bare, as Neovim, Helix or Emacs start a language server: it runs again in a
 * child JVM with the fast options, the protocol flows between the client and that child, the exit
 * status comes back, and a client that kills the process it started leaves no server behind. Started
 * with the editor clients' own options, or with the re-execution turned off, it stays one process.
 */
class RelaunchIT {
  static final Path JAR = Path.of(System.getProperty("meshprobe.jar", "target/meshprobe.jar")).toAbsolutePath();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  static final String SEED = "probe-blocked-by-strict-mtls";

  @TempDir Path tmp;
  private Path workspace;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void seedWorkspace() throws IOException {
    workspace = Files.createDirectories(tmp.resolve("ws"));
    Files.writeString(workspace.resolve("mesh.yaml"), SeedManifests.MESH);
    Files.writeString(workspace.resolve("web.yaml"), SeedManifests.WEB);
  }

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private Process start(Map<String, String> env, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("stderr.txt").toFile()));
    pb.environment().put("MESHPROBE_CACHE_DIR", tmp.resolve("cache").toString());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove(Relaunch.ENV);
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private String stderr() throws IOException {
    Path f = tmp.resolve("stderr.txt");
    return Files.isRegularFile(f) ? Files.readString(f) : "";
  }

  /** A bare start, initialized, and the child JVM that serves it. */
  private record Bare(Process process, Lsp lsp, ProcessHandle server) {}

  private Bare startBare() throws IOException {
    Process p = start(Map.of(), JAVA, "-jar", JAR.toString(), "--stdio");
    Lsp lsp = new Lsp(p);
    lsp.initialize(workspace);
    List<ProcessHandle> children = javaChildren(p);
    assertEquals(1, children.size(), "one child JVM; stderr: " + stderr());
    return new Bare(p, lsp, children.get(0));
  }

  /** The Java processes the given one started. */
  private static List<ProcessHandle> javaChildren(Process p) {
    return p.children().filter(c -> c.info().command().map(x -> x.endsWith("java")).orElse(false)).toList();
  }

  @Test
  void aBareStartServesFromAFastChildAndEndsWithItsExitStatus() throws Exception {
    Bare bare = startBare();
    Process p = bare.process();
    Lsp lsp = bare.lsp();
    String args = String.join(" ", bare.server().info().arguments().map(List::of).orElse(List.of()));
    for (String option : Relaunch.FAST) {
      assertTrue(args.contains(option), option + " in " + args);
    }
    assertTrue(args.contains("-Dmeshprobe.cds.archive=" + tmp.resolve("cache")), "the user's archive: " + args);

    // The protocol flows between the client and the child.
    Path web = workspace.resolve("web.yaml");
    lsp.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + web.toUri() + "\",\"languageId\":\"yaml\",\"version\":1,\"text\":"
        + quote(Files.readString(web)) + "}}");
    JsonObject published = lsp.await(m -> "textDocument/publishDiagnostics".equals(str(m, "method")) && m.toString().contains(SEED));
    assertTrue(published != null, "the seed finding; stderr: " + stderr());

    lsp.request("shutdown", "null");
    lsp.notify("exit", "null");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits after exit");
    assertEquals(0, p.exitValue(), "exit after shutdown: the child's 0; stderr: " + stderr());
    assertFalse(bare.server().isAlive());
  }

  @Test
  void theChildsExitStatusComesBack() throws Exception {
    Process p = start(Map.of(), JAVA, "-jar", JAR.toString(), "--stdio");
    new Lsp(p).initialize(workspace);
    // The client's end of input without shutdown and exit: the server stops with status 1.
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), "the child's status; stderr: " + stderr());

    Process check = start(Map.of(), JAVA, "-jar", JAR.toString(), "check", workspace.toString());
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(check.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, check.exitValue(), "findings: status 1; " + out + stderr());
    assertTrue(out.contains(SEED), "the report on standard output: " + out);
  }

  @Test
  void aClientThatKillsTheProcessItStartedLeavesNoServerBehind() throws Exception {
    // A Java client closes its end of the pipe once the process it started is gone, so its child sees
    // the end of its input and stops.
    Bare bare = startBare();
    bare.process().toHandle().destroyForcibly();
    assertTrue(bare.process().waitFor(30, TimeUnit.SECONDS));
    bare.server().onExit().get(60, TimeUnit.SECONDS);
    assertFalse(bare.server().isAlive(), "the server exits with its client's input");

    // A client whose input to the server outlives the killed process (here another process holds the
    // pipe's other end): the child must notice that its parent is gone.
    ProcessBuilder holder = new ProcessBuilder("sleep", "120");
    ProcessBuilder second = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--stdio")
        .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("stderr.txt").toFile()));
    second.environment().put("MESHPROBE_CACHE_DIR", tmp.resolve("cache").toString());
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(holder, second));
    started.addAll(pipeline);
    Process parent = pipeline.get(1);
    List<ProcessHandle> children = List.of();
    for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); children.isEmpty() && System.nanoTime() < end; ) {
      Thread.sleep(50);
      children = javaChildren(parent);
    }
    assertEquals(1, children.size(), "the child JVM started; stderr: " + stderr());
    ProcessHandle orphan = children.get(0);
    parent.toHandle().destroyForcibly();
    orphan.onExit().get(60, TimeUnit.SECONDS);
    assertFalse(orphan.isAlive(), "the server exits when the process that started it is killed");
    assertTrue(stderr().contains("has ended; exiting"), stderr());
  }

  @Test
  void aSignalToTheProcessEndsTheServerFirst() throws Exception {
    Bare bare = startBare();
    // SIGTERM alone (Process.destroy would also close the pipes, an end of input for the child).
    bare.process().toHandle().destroy();
    assertTrue(bare.process().waitFor(30, TimeUnit.SECONDS));
    assertFalse(bare.server().isAlive(), "SIGTERM to the process stops its child before it exits");
    assertEquals(143, bare.process().exitValue(), "the status of a process ended by SIGTERM");
  }

  @Test
  void theClientsOwnOptionsOrTurningItOffKeepOneProcess() throws Exception {
    List<List<String>> commands = List.of(
        List.of(JAVA, "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--stdio"),
        List.of(JAVA, "-Dmeshprobe.relaunch=false", "-jar", JAR.toString(), "--stdio"));
    for (List<String> command : commands) {
      Process p = start(Map.of(), command.toArray(String[]::new));
      new Lsp(p).initialize(workspace);
      assertEquals(List.of(), javaChildren(p), "no second JVM for " + command);
    }
    Process off = start(Map.of(Relaunch.ENV, "off"), JAVA, "-jar", JAR.toString(), "--stdio");
    new Lsp(off).initialize(workspace);
    assertEquals(List.of(), javaChildren(off), "MESHPROBE_RELAUNCH=off");
  }

  private static String quote(String s) {
    return new com.google.gson.JsonPrimitive(s).toString();
  }

  private static String str(JsonObject o, String key) {
    return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
  }

  /** The client's side of the protocol over the process's pipes, as bytes: enough to start, open and stop. */
  private static final class Lsp {
    private final OutputStream out;
    private final InputStream in;
    private int ids;

    Lsp(Process p) {
      this.out = p.getOutputStream();
      this.in = p.getInputStream();
    }

    void initialize(Path root) throws IOException {
      request("initialize", "{\"processId\":null,\"rootUri\":\"" + root.toUri() + "\",\"capabilities\":{},\"workspaceFolders\":[{\"uri\":\""
          + root.toUri() + "\",\"name\":\"ws\"}]}");
      notify("initialized", "{}");
    }

    JsonObject request(String method, String params) throws IOException {
      int id = ++ids;
      send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
      return await(m -> m.has("id") && m.get("id").isJsonPrimitive() && m.get("id").getAsInt() == id && !m.has("method"));
    }

    void notify(String method, String params) throws IOException {
      send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}");
    }

    private void send(String json) throws IOException {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    }

    /** Reads messages until one matches (answering the server's requests with null); null at the end of the stream. */
    JsonObject await(java.util.function.Predicate<JsonObject> wanted) throws IOException {
      while (true) {
        JsonObject m = read();
        if (m == null || wanted.test(m)) {
          return m;
        }
        if (m.has("id") && m.has("method")) {
          send("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":null}");
        }
      }
    }

    private JsonObject read() throws IOException {
      int length = -1;
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        if (b != '\n') {
          line.write(b);
          continue;
        }
        String header = line.toString(StandardCharsets.US_ASCII).trim();
        line.reset();
        if (header.isEmpty()) {
          break;
        }
        if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring("content-length:".length()).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }
}
