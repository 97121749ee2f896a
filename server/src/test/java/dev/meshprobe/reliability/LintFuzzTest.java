package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meshprobe.engine.Explainer;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.DecodedText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target (a): any bytes, as a file of a workspace that also holds a namespace with injection
 * and a STRICT mesh-wide policy, go through decoding, parsing, the workload and mesh models, every
 * rule, hover and inlay hints without an exception (a rule's exception is caught by the engine, so
 * the log counts as a failure here), with every finding inside the text it points into, and with an
 * edit followed by its undo giving the same findings as the first lint.
 *
 * <p>Without {@code JAZZER_FUZZ} the committed inputs in
 * {@code src/test/resources/dev/meshprobe/reliability/LintFuzzTestInputs/lintAnyBytes/} are replayed.
 * Fuzz with {@code JAZZER_FUZZ=1 mvn -o test -pl server -Dtest=LintFuzzTest -Djazzer.max_duration=10m}.
 */
class LintFuzzTest {
  private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "meshprobe-fuzz-workspace").toAbsolutePath();
  private static final Path FILE = ROOT.resolve("apps/input.yaml");
  private static final Path CONTEXT = ROOT.resolve("mesh.yaml");
  /** A namespace with injection and a mesh-wide STRICT policy: the context every fuzz input is linted in. */
  static final String MESH = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          istio-injection: enabled
      ---
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: istio-system
      spec:
        mtls:
          mode: STRICT
      """;

  @FuzzTest
  void lintAnyBytes(byte[] data) {
    DecodedText decoded = DecodedText.decode(data);
    // Text that is not UTF-8 never reaches the parser from disk, but an editor buffer can hold anything.
    String text = decoded.ok() ? decoded.text() : new String(data, StandardCharsets.UTF_8);

    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(ROOT), log);
    if (data.length > 0 && (data[data.length - 1] & 1) == 1) {
      ws.setEditorSettings(Map.of("mesh", Map.of("mtls", "STRICT", "injection", "assume-injected")));
    }
    ws.openFile(CONTEXT, MESH);
    ws.openFile(FILE, text);
    List<Finding> findings = lintChecked(ws, text);
    lintChecked(ws, CONTEXT, MESH);
    explain(ws, text, findings);
    // Findings are live: their spans follow their document's anchor, so compare snapshots.
    List<String> first = summary(findings);

    // An edit in the middle and its undo: the reused documents must give what a fresh parse gives.
    int at = text.length() * 3 / 7;
    int to = Math.min(text.length(), at + 1 + text.length() / 5);
    String edited = text.substring(0, at) + "\n---\nkind: Pod\n" + text.substring(to);
    ws.openFile(FILE, edited);
    List<String> afterEdit = summary(lintChecked(ws, edited));
    ws.openFile(FILE, text);
    assertEquals(first, summary(lintChecked(ws, text)), "findings after an edit and its undo");

    Workspace fresh = new Workspace(List.of(ROOT), log);
    if (data.length > 0 && (data[data.length - 1] & 1) == 1) {
      fresh.setEditorSettings(Map.of("mesh", Map.of("mtls", "STRICT", "injection", "assume-injected")));
    }
    fresh.openFile(CONTEXT, MESH);
    fresh.openFile(FILE, edited);
    assertEquals(summary(lintChecked(fresh, edited)), afterEdit, "incremental findings differ from a fresh lint");
    log.check();
  }

  private static List<Finding> lintChecked(Workspace ws, String text) {
    return lintChecked(ws, FILE, text);
  }

  private static List<Finding> lintChecked(Workspace ws, Path file, String text) {
    List<Finding> findings = ws.lint(file);
    for (Finding f : findings) {
      int start = f.where().start();
      int end = f.where().end();
      assertTrue(0 <= start && start <= end && end <= text.length(), () -> "finding outside the text: " + f);
      assertTrue(f.message() != null && !f.message().isBlank(), () -> "finding without a message: " + f);
      for (Finding.Related r : f.related()) {
        assertTrue(0 <= r.where().start() && r.where().start() <= r.where().end(), () -> "related span reversed: " + f);
        var other = ws.file(Path.of(r.where().file()));
        if (other != null && other.source() != null) {
          assertTrue(r.where().end() <= other.source().length(), () -> "related span outside its file: " + f);
        }
      }
    }
    return findings;
  }

  private static void explain(Workspace ws, String text, List<Finding> findings) {
    Explainer explainer = new Explainer(ws);
    for (Explainer.Hint h : explainer.hints(FILE)) {
      assertTrue(0 <= h.offset() && h.offset() <= text.length(), () -> "hint outside the text: " + h);
    }
    int[] offsets = {0, text.length() / 2, text.length()};
    for (int offset : offsets) {
      checkHover(explainer.hover(FILE, offset), text);
    }
    for (Finding f : findings) {
      checkHover(explainer.hover(FILE, f.where().start()), text);
    }
  }

  private static void checkHover(Explainer.Explanation e, String text) {
    if (e != null) {
      assertTrue(0 <= e.start() && e.start() <= e.end() && e.end() <= text.length(), () -> "hover span outside the text: " + e);
      assertTrue(!e.markdown().isBlank(), "empty hover");
    }
  }

  private static List<String> summary(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.rule() + " " + f.severity() + " " + f.where().start() + "-" + f.where().end() + " " + f.message())
        .toList();
  }
}
