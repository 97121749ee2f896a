package dev.meshprobe.reliability;

import static dev.meshprobe.SeedManifests.MESH;
import static dev.meshprobe.SeedManifests.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.meshprobe.cli.CheckCommand;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.DecodedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad input of DESIGN §7 goes through the three ways a file is linted, the engine
 * indexing a folder, {@code meshprobe check} and the language server (indexing the folder, then the
 * file opened and edited), and gives the same clear result in each: the expected finding, or a clean
 * skip, never an exception, a hang or an edit the server lost.
 */
@Timeout(120)
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();


  /**
   * One bad input. {@code rule} is the finding expected on the file (null: none at all), {@code fragment}
   * a piece of its message; {@code extra} are other files of the workspace (relative path to text).
   */
  record Case(String name, String path, byte[] bytes, String rule, String fragment, Map<String, String> extra) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case text(String name, String text, String rule, String fragment) {
    return new Case(name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8), rule, fragment, Map.of("mesh.yaml", MESH));
  }

  private static String billionLaughs() {
    StringBuilder text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      text.append('l').append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        text.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      text.append("]\n");
    }
    return text.toString();
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(text("syntax-error", "apiVersion: v1\nkind: Pod\nmetadata: {name: web\n", "yaml-syntax-error", "\"{\" is never closed"));
    cases.add(text("go-template-outside-a-chart", "{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n{{- end }}\n",
        "file-not-analysed", "Go template"));
    cases.add(new Case("helm-chart-template", "chart/templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- with .Values.probe }}\n  livenessProbe: {{ toYaml . }}\n{{- end }}\n"
            .getBytes(StandardCharsets.UTF_8), null, null, Map.of("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")));
    cases.add(text("alias-bomb", billionLaughs(), "file-not-analysed", "alias expansion over the limit"));
    // Only aliases to collections count towards limits.maxAliases; aliases to scalars cannot grow a document.
    cases.add(text("aliases-to-scalars", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  s: &s x\n  list: |\n    text\n"
        + "other: [" + "*s, ".repeat(500) + "*s]\n", null, null));
    cases.add(text("alias-count", "a: &a [x]\nb: [" + "*a, ".repeat(150) + "*a]\n", "file-not-analysed", "over the limit of 100 aliases"));
    cases.add(new Case("code-point-limit", "emoji.yaml",
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  smiles: " + "\uD83D\uDE00".repeat(600_000) + "\n")
            .getBytes(StandardCharsets.UTF_8), "file-not-analysed", "larger than the 1 MB limit", Map.of(".meshprobe.yaml", "limits:\n  maxFileSizeMB: 1\n")));
    cases.add(text("deep-flow-sequences", "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n", "file-not-analysed", "nesting deeper than 500 levels"));
    cases.add(text("deep-flow-mappings", "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n", "file-not-analysed", "nesting deeper than 500 levels"));
    cases.add(text("deep-block-sequences", "- ".repeat(10_000) + "x\n", "file-not-analysed", "nesting deeper than 500 levels"));
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < 1_200; i++) {
      block.append(" ".repeat(i)).append("k:\n");
    }
    cases.add(text("deep-block-mappings", block.toString(), "file-not-analysed", "nesting deeper than 500 levels"));
    cases.add(new Case("invalid-utf8", "latin1.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1),
        "file-not-analysed", "not UTF-8", Map.of()));
    cases.add(new Case("utf16", "utf16.yaml", "\uFEFFapiVersion: v1\nkind: ConfigMap\n".getBytes(StandardCharsets.UTF_16LE),
        "file-not-analysed", "not UTF-8", Map.of()));
    byte[] png = new byte[4096];
    new java.util.Random(7).nextBytes(png);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13}, 0, png, 0, 12);
    cases.add(new Case("binary", "image.yaml", png, "file-not-analysed", "binary", Map.of()));
    cases.add(text("duplicate-keys", WEB.replace("  name: web\n  namespace: shop\n", "  name: web\n  namespace: shop\n  name: api\n"),
        "yaml-duplicate-key", "Key name appears twice"));
    cases.add(text("tab-indentation", "apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n", "yaml-syntax-error", "a tab cannot be used here"));
    cases.add(text("tabs-in-values", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tabs}\ndata:\n  a: \"x\\ty\"\n  b: 'tab\there'\n  c: end\t\n",
        null, null));
    cases.add(text("crlf", WEB.replace("\n", "\r\n"), "probe-blocked-by-strict-mtls", "requires STRICT mTLS"));
    cases.add(text("lone-cr", WEB.replace("\n", "\r"), "probe-blocked-by-strict-mtls", "requires STRICT mTLS"));
    cases.add(text("utf8-bom", "\uFEFF" + WEB, "probe-blocked-by-strict-mtls", "requires STRICT mTLS"));
    StringBuilder line = new StringBuilder("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"wide\"}, \"data\": {");
    for (int i = 0; line.length() < 1_048_576; i++) {
      line.append(i == 0 ? "" : ", ").append("\"key").append(i).append("\": \"value ").append(i).append('"');
    }
    cases.add(text("one-megabyte-line", line.append("}}").toString(), null, null));
    cases.add(text("one-megabyte-scalar", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n  big: " + "x".repeat(1_048_576) + "\n", null, null));
    cases.add(text("empty", "", null, null));
    cases.add(text("only-comments", "# nothing here yet\n#\n   # indented comment\n", null, null));
    cases.add(text("only-markers", "---\n...\n---\n", null, null));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void engineGivesTheExpectedFindingOrNone(Case c, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path file = write(dir, c);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(dir), log);
    ws.indexFolders();
    List<Finding> findings = ws.lint(file);
    log.check();
    expect(c, findings.stream().map(f -> new Seen(f.rule(), f.message())).toList());
    for (Path other : ws.files()) {
      for (Finding f : ws.lint(other)) {
        int length = ws.file(other).source() == null ? 0 : ws.file(other).source().length();
        assertTrue(f.where().start() >= 0 && f.where().end() <= length, f::toString);
      }
    }
    log.check();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void commandLineReportsTheSameAndExitsNormally(Case c, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    write(dir, c);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
        .run(new String[] {"--format", "json", "--fail-on", "never", "."});
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    JsonNode root = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    List<Seen> seen = new ArrayList<>();
    for (JsonNode f : root.get("findings")) {
      if (f.get("file").asText().equals(c.path())) {
        seen.add(new Seen(f.get("rule").asText(), f.get("message").asText()));
      }
    }
    expect(c, seen);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverIndexesOpensAndKeepsFollowingEdits(Case c, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = write(dir, c);
    DecodedText decoded = DecodedText.decode(c.bytes());
    try (RawLspClient client = new RawLspClient()) {
      client.initialize(dir);
      assertNotNull(client.awaitReady(60), "indexing never finished");
      String uri = file.toUri().toString();
      // An editor decodes what it cannot read as UTF-8 with replacement characters; the server gets that.
      String text = decoded.ok() ? decoded.text() : new String(c.bytes(), StandardCharsets.UTF_8);
      client.open(uri, 1, text);
      JsonArray diagnostics = client.awaitDiagnostics(uri, 1, 60);
      assertNotNull(diagnostics, "no diagnostics for the opened file");
      if (decoded.ok()) {
        expect(c, seen(diagnostics));
      }
      if (c.path().contains("templates/")) {
        return;
      }
      // The document still follows edits: a whole-text change, then an incremental one.
      client.replaceAll(uri, 2, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");
      assertEquals(List.of("yaml-duplicate-key"), rules(client.awaitDiagnostics(uri, 2, 60)));
      client.change(uri, 3, 4, 0, 5, 0, "");
      assertEquals(List.of(), rules(client.awaitDiagnostics(uri, 3, 60)));
      JsonObject hover = client.request("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":1,\"character\":2}}");
      assertNotNull(hover, "the server stopped answering");
      assertTrue(hover.has("result"), hover::toString);
    }
  }

  record Seen(String rule, String message) {}

  private static List<Seen> seen(JsonArray diagnostics) {
    List<Seen> out = new ArrayList<>();
    for (JsonElement e : diagnostics) {
      JsonObject d = e.getAsJsonObject();
      out.add(new Seen(d.get("code").getAsString(), d.get("message").getAsString()));
    }
    return out;
  }

  private static List<String> rules(JsonArray diagnostics) {
    assertNotNull(diagnostics, "no diagnostics published");
    return seen(diagnostics).stream().map(Seen::rule).toList();
  }

  static void expect(Case c, List<Seen> findings) {
    if (c.rule() == null) {
      assertEquals(List.of(), findings, c.name());
      return;
    }
    assertTrue(findings.stream().anyMatch(f -> f.rule().equals(c.rule()) && f.message().contains(c.fragment())),
        () -> c.name() + ": expected " + c.rule() + " with `" + c.fragment() + "`, got " + findings);
    if (c.rule().equals("file-not-analysed")) {
      assertEquals(1, findings.size(), () -> c.name() + ": a skipped file has one finding, got " + findings);
    }
  }

  static Path write(Path dir, Case c) throws IOException {
    Map<String, String> extra = new LinkedHashMap<>(c.extra());
    for (Map.Entry<String, String> e : extra.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    Path file = dir.resolve(c.path());
    Files.createDirectories(file.getParent());
    Files.write(file, c.bytes());
    return file;
  }
}
