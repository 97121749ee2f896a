package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size and depth limits end to end: a 50 MB file through the command line and the server's indexing,
 * the configurable size limit, nesting at and past the depth limit on a small stack, and line endings
 * that must not move a finding.
 */
@Timeout(120)
class LargeAndDeepInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  private record Run(int code, JsonNode report, String err, long millis) {
    List<JsonNode> findings(String file) {
      List<JsonNode> out = new ArrayList<>();
      report.get("findings").forEach(f -> {
        if (f.get("file").asText().equals(file)) {
          out.add(f);
        }
      });
      return out;
    }
  }

  private Run check(String... args) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code = new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
        .run(args);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Run(code, JSON.readTree(out.toString(StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8), millis);
  }

  /** Writes about {@code size} bytes of one valid ConfigMap with a line per key. */
  private static void writeLargeManifest(Path file, long size) throws IOException {
    try (java.io.Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n";
      out.write(head);
      long written = head.length();
      for (int i = 0; written < size - 64; i++) {
        String line = "  key" + i + ": a value that is different on every line, " + i + "\n";
        out.write(line);
        written += line.length();
      }
    }
  }

  @Test
  void fiftyMegabyteFileIsSkippedByTheCommandLineWithAnInformationFinding() throws IOException {
    writeLargeManifest(dir.resolve("huge.yaml"), 50 * MB);
    Files.writeString(dir.resolve("small.yaml"), SeedManifests.WEB);
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Run r = check("--format", "json", "--fail-on", "never", ".");
    assertEquals(0, r.code(), r.err());
    List<JsonNode> huge = r.findings("huge.yaml");
    assertEquals(1, huge.size(), r.report().toString());
    assertEquals("file-not-analysed", huge.get(0).get("rule").asText());
    assertEquals("info", huge.get(0).get("severity").asText());
    assertTrue(huge.get(0).get("message").asText().contains("larger than the 10 MB limit (49 MB)"), huge.get(0).toString());
    assertEquals(0, huge.get(0).get("range").get("start").get("line").asInt());
    // The other files of the workspace are linted as usual.
    assertEquals("probe-blocked-by-strict-mtls", r.findings("small.yaml").get(0).get("rule").asText());
    assertTrue(r.millis() < 10_000, "took " + r.millis() + " ms");
  }

  @Test
  void anOversizedFileIsJudgedByItsSizeBeforeItIsRead() throws IOException {
    // Zeros would make a binary file if the bytes were read; a size check alone says "larger than".
    try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve("sparse.yaml").toFile(), "rw")) {
      sparse.setLength(50 * MB);
    }
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    long start = System.nanoTime();
    ws.indexFolders();
    List<Finding> findings = ws.lint(dir.resolve("sparse.yaml"));
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "indexing a 50 MB file took over 5 s");
    assertEquals(1, findings.size());
    assertEquals("This file was not analysed: it is larger than the 10 MB limit (50 MB).", findings.get(0).message());
    assertEquals(null, ws.file(dir.resolve("sparse.yaml")).source(), "the file's text was kept in memory");
    log.check();
  }

  @Test
  void theSizeLimitIsConfigurable() throws IOException {
    Files.writeString(dir.resolve(".meshprobe.yaml"), "limits:\n  maxFileSizeMB: 2\n");
    writeLargeManifest(dir.resolve("three.yaml"), 3 * MB);
    writeLargeManifest(dir.resolve("one.yaml"), MB);
    Run r = check("--format", "json", "--fail-on", "never", ".");
    assertEquals(0, r.code(), r.err());
    assertEquals("file-not-analysed", r.findings("three.yaml").get(0).get("rule").asText());
    assertTrue(r.findings("three.yaml").get(0).get("message").asText().contains("larger than the 2 MB limit (2 MB)"),
        r.findings("three.yaml").toString());
    assertEquals(List.of(), r.findings("one.yaml"));

    Files.writeString(dir.resolve(".meshprobe.yaml"), "limits:\n  maxFileSizeMB: 4\n");
    r = check("--format", "json", "--fail-on", "never", ".");
    assertEquals(List.of(), r.findings("three.yaml"));
  }

  @Test
  void serverIndexesAFiftyMegabyteFileQuicklyAndSkipsItWhenOpened() throws Exception {
    Path huge = dir.resolve("huge.yaml");
    writeLargeManifest(huge, 50 * MB);
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Path web = dir.resolve("web.yaml");
    Files.writeString(web, SeedManifests.WEB);
    try (RawLspClient client = new RawLspClient()) {
      long start = System.nanoTime();
      client.initialize(dir);
      JsonObject ready = client.awaitReady(60);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertNotNull(ready, "indexing never finished");
      assertEquals(3, ready.get("files").getAsInt());
      assertTrue(millis < 10_000, "indexing took " + millis + " ms");

      client.open(web.toUri().toString(), 1, SeedManifests.WEB);
      JsonArray webDiagnostics = client.awaitDiagnostics(web.toUri().toString(), 1, 30);
      assertEquals("probe-blocked-by-strict-mtls", webDiagnostics.get(0).getAsJsonObject().get("code").getAsString());

      // An editor may still open the file and send all 50 MB: the server answers with one finding, fast.
      String text = Files.readString(huge);
      String uri = huge.toUri().toString();
      start = System.nanoTime();
      client.open(uri, 1, text);
      text = null;
      JsonArray diagnostics = client.awaitDiagnostics(uri, 1, 60);
      millis = (System.nanoTime() - start) / 1_000_000;
      assertNotNull(diagnostics, "no diagnostics for the 50 MB file");
      assertEquals(1, diagnostics.size(), diagnostics::toString);
      JsonObject d = diagnostics.get(0).getAsJsonObject();
      assertEquals("file-not-analysed", d.get("code").getAsString());
      assertEquals(3, d.get("severity").getAsInt(), "information");
      assertTrue(d.get("message").getAsString().contains("larger than the 10 MB limit"), d::toString);
      assertTrue(millis < 30_000, "opening took " + millis + " ms");
      assertNotNull(client.request("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + web.toUri() + "\"},\"position\":{\"line\":15,\"character\":10}}"));
    }
  }

  /** Runs on a thread with a small stack, smaller than any the server or the command line runs on. */
  private static <T> T onSmallStack(Supplier<T> work) throws InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "small-stack", 512 * 1024);
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("linting threw", failure.get());
    }
    return result.get();
  }

  private List<Finding> lintOnSmallStack(String config, String text) throws Exception {
    if (config != null) {
      Files.writeString(dir.resolve(".meshprobe.yaml"), config);
    }
    Path file = dir.resolve("deep.yaml");
    Files.writeString(file, text);
    Failures log = new Failures();
    List<Finding> findings = onSmallStack(() -> {
      Workspace ws = new Workspace(List.of(dir), log);
      ws.indexFolders();
      ws.openFile(file, text);
      return ws.lint(file);
    });
    log.check();
    return findings;
  }

  /** The seed Deployment with {@code depth} levels of sequences in its container's {@code args}. */
  private static String deepDeployment(int depth, boolean flow) {
    String image = "image: web:1\n";
    int at = SeedManifests.WEB.indexOf(image);
    String indent = " ".repeat(at - SeedManifests.WEB.lastIndexOf('\n', at) - 1);
    String args = flow
        ? indent + "args: " + "[".repeat(depth) + "]".repeat(depth) + "\n"
        : indent + "args:\n" + indent + "- ".repeat(depth) + "x\n";
    String text = SeedManifests.WEB.replace(indent + image, indent + image + args);
    assertTrue(text.contains("args:"));
    return text;
  }

  @Test
  void nestingJustUnderTheLimitIsLintedOnASmallStack() throws Exception {
    for (boolean flow : new boolean[] {true, false}) {
      List<Finding> findings = lintOnSmallStack(null, SeedManifests.MESH + "---\n" + deepDeployment(480, flow));
      assertEquals(List.of("probe-blocked-by-strict-mtls"), findings.stream().map(Finding::rule).toList(), "flow " + flow);
    }
  }

  @Test
  void tenThousandLevelsAreSkippedOnASmallStackEvenWhenTheDepthLimitIsRaised() throws Exception {
    // A configuration that lifts the depth limit leaves only the last line of defence in the parser.
    String text = SeedManifests.MESH + "---\n" + SeedManifests.WEB + "---\n" + "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    List<Finding> findings = lintOnSmallStack("limits:\n  maxDepth: 100000\n", text);
    List<String> rules = findings.stream().map(Finding::rule).toList();
    assertTrue(rules.contains("probe-blocked-by-strict-mtls"), rules::toString);
    assertTrue(findings.stream().anyMatch(f -> f.rule().equals("file-not-analysed") && f.message().contains("Document 4")), findings::toString);
  }

  @Test
  void tenThousandLevelsOfBlockMappingsGoThroughTheCommandLineWhenTheSizeLimitAllowsThem() throws IOException {
    // Ten thousand levels of indentation take 50 million characters: over the default size limit, so raise it.
    Files.writeString(dir.resolve(".meshprobe.yaml"), "limits:\n  maxFileSizeMB: 64\n");
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    try (java.io.Writer out = Files.newBufferedWriter(dir.resolve("deep.yaml"), StandardCharsets.UTF_8)) {
      out.write(SeedManifests.WEB + "---\n");
      for (int i = 0; i < 10_000; i++) {
        out.write(" ".repeat(i));
        out.write("k:\n");
      }
    }
    Run r = check("--format", "json", "--fail-on", "never", ".");
    assertEquals(0, r.code(), r.err());
    List<String> rules = r.findings("deep.yaml").stream().map(f -> f.get("rule").asText() + ": " + f.get("message").asText()).toList();
    assertEquals(List.of("file-not-analysed: Document 2 of this file was not analysed: nesting deeper than 500 levels.",
        "probe-blocked-by-strict-mtls"), rules.stream().map(x -> x.startsWith("probe") ? x.substring(0, x.indexOf(':')) : x).toList());
  }

  @Test
  void serverSurvivesTenThousandLevelsAndKeepsLintingTheFile() throws Exception {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Path file = dir.resolve("web.yaml");
    String text = SeedManifests.WEB + "---\n" + "- ".repeat(10_000) + "x\n---\n" + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      String uri = file.toUri().toString();
      client.open(uri, 1, text);
      JsonArray diagnostics = client.awaitDiagnostics(uri, 1, 60);
      assertNotNull(diagnostics);
      List<String> messages = new ArrayList<>();
      diagnostics.forEach(d -> messages.add(d.getAsJsonObject().get("code").getAsString() + ": " + d.getAsJsonObject().get("message").getAsString()));
      assertEquals(3, messages.size(), messages::toString);
      assertTrue(messages.get(0).startsWith("file-not-analysed: Document 2 of this file was not analysed: nesting deeper than 500"), messages::toString);
      assertTrue(messages.get(1).startsWith("file-not-analysed: Document 3"), messages::toString);
      assertTrue(messages.get(2).startsWith("probe-blocked-by-strict-mtls"), messages::toString);
    }
  }

  @Test
  void lineEndingsDoNotMoveFindings() throws IOException {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    List<String> ranges = new ArrayList<>();
    for (String eol : new String[] {"\n", "\r\n", "\r"}) {
      Files.writeString(dir.resolve("web.yaml"), SeedManifests.WEB.replace("\n", eol));
      Run r = check("--format", "json", "--fail-on", "never", ".");
      List<JsonNode> f = r.findings("web.yaml");
      assertEquals(1, f.size(), r.report().toString());
      ranges.add(f.get(0).get("range").toString());
    }
    assertEquals(ranges.get(0), ranges.get(1), "CRLF");
    assertEquals(ranges.get(0), ranges.get(2), "CR");
    assertTrue(ranges.get(0).contains("\"line\":14"), ranges.get(0));
  }

  /**
   * 16,000 containers on one line (3 MB of flow YAML), each with an httpGet and a tcpSocket probe. A
   * pod's facts are the same for all of its probes; deciding whether it holds an {@code istio-proxy}
   * container once per probe, over every container, made 8,000 containers take seconds to lint and to
   * hint. The bound is only a guard against that quadratic cost: linear work takes well under a second
   * here, the quadratic took about a minute.
   */
  @Test
  void aOneLineManifestOfSixteenThousandContainersIsLintedAndHintedInLinearTime() throws Exception {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    int containers = 16_000;
    String text = FuzzManifests.oneLine(containers, "{annotations: {sidecar.istio.io/rewriteAppHTTPProbers: \"false\"}}",
        "livenessProbe: {httpGet: {path: /healthz, port: 8080}}, readinessProbe: {tcpSocket: {port: 8080}}");
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, text);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ws.indexFolders();
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
      ws.openFile(file, text);
      List<Finding> findings = ws.lint(file);
      assertEquals(containers, findings.stream().filter(f -> f.rule().equals("probe-blocked-by-strict-mtls")).count());
      assertEquals(containers, findings.stream().filter(f -> f.rule().equals("tcp-probe-always-succeeds")).count());
      List<dev.meshprobe.engine.Explainer.Hint> hints = new dev.meshprobe.engine.Explainer(ws).hints(file);
      assertEquals(2 * containers, hints.size());
    }, "linting and hinting 16,000 containers took over 20 s: a cost that grows with the square of the containers");
    log.check();
  }

  /**
   * "Fix all" on one line of 3,000 containers whose tcpSocket probes Istio 1.4 does not rewrite: 3,000
   * exec probes, each changing only its own probe. Applied one at a time with a lint after each, that
   * took minutes (found by the differential fuzzer: codeAction/resolve unanswered for 20 s); fixes that
   * change only their own probe are applied together. The bound only guards against that cost.
   */
  @Test
  void fixAllOnThousandsOfProbesOnOneLineIsDoneTogether() throws Exception {
    Files.writeString(dir.resolve(".meshprobe.yaml"), "istio:\n  version: \"1.4\"\nmesh:\n  injection: assume-injected\n");
    int containers = 3_000;
    String text = FuzzManifests.oneLine(containers, "{}", "readinessProbe: {tcpSocket: {port: 8080}}");
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, text);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ws.indexFolders();
    ws.openFile(file, text);
    assertEquals(containers, ws.lint(file).stream().filter(f -> f.rule().equals("tcp-probe-always-succeeds")).count());
    dev.meshprobe.engine.FixSupport.FixAll all = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> new dev.meshprobe.engine.FixSupport(ws).fixAll(file, f -> true), "fix all on 3,000 probes took over 30 s");
    assertEquals(containers, all.applied());
    ws.openFile(file, all.after());
    assertEquals(List.of(), ws.lint(file).stream().map(Finding::rule).filter(r -> r.equals("tcp-probe-always-succeeds")).toList());
    log.check();
  }
}
