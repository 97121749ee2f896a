package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.fixes.FileEdit;
import dev.meshprobe.fixes.Fix;
import dev.meshprobe.fixes.TextEdit;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.DecodedText;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target (b): any bytes as a manifest next to a namespace with injection and a STRICT mesh-wide
 * policy; every fix offered for every finding is applied. The result must not parse worse than the
 * input (no new document with a syntax error), lines before the first and after the last edit must
 * be byte-identical, and the edits of one fix must never overlap or leave the text.
 *
 * <p>Without {@code JAZZER_FUZZ} the committed inputs in
 * {@code src/test/resources/dev/meshprobe/reliability/FixFuzzTestInputs/applyEveryFix/} are replayed.
 * Fuzz with {@code scripts/fuzz.sh FixFuzzTest 10m}.
 */
class FixFuzzTest {
  private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "meshprobe-fix-fuzz").toAbsolutePath();
  private static final Path FILE = ROOT.resolve("apps/input.yaml");
  private static final Path CONTEXT = ROOT.resolve("mesh.yaml");
  private static final String MESH = LintFuzzTest.MESH;
  /** Findings per input whose fixes are applied: enough to reach every fix, bounded for speed. */
  private static final int MAX_FINDINGS = 12;

  @FuzzTest
  void applyEveryFix(byte[] data) {
    DecodedText decoded = DecodedText.decode(data);
    String text = decoded.ok() ? decoded.text() : new String(data, StandardCharsets.UTF_8);
    Failures log = new Failures();
    Workspace ws = new Workspace(List.of(ROOT), log);
    ws.openFile(CONTEXT, MESH);
    ws.openFile(FILE, text);
    FixSupport fixes = new FixSupport(ws);
    int brokenBefore = brokenDocuments(text);
    int seen = 0;
    for (Finding f : ws.lint(FILE)) {
      if (seen++ == MAX_FINDINGS) {
        break;
      }
      for (Fix fix : fixes.fixes(FILE, f)) {
        for (FileEdit edit : fix.edits()) {
          if (!edit.file().equals(FILE.toString())) {
            continue;
          }
          assertEquals(text, edit.original(), "a fix made for another text: " + fix);
          check(text, edit, fix, brokenBefore);
        }
      }
    }
    log.check();
  }

  private static void check(String text, FileEdit edit, Fix fix, int brokenBefore) {
    List<TextEdit> edits = edit.edits();
    int first = Integer.MAX_VALUE;
    int last = -1;
    for (TextEdit e : edits) {
      assertTrue(e.end() <= text.length(), () -> "edit outside the text: " + fix);
      first = Math.min(first, e.offset());
      last = Math.max(last, e.end());
    }
    if (edits.isEmpty()) {
      return;
    }
    String after = edit.result();
    int lineStart = text.lastIndexOf('\n', Math.max(0, first - 1)) + 1;
    if (first == 0) {
      lineStart = 0;
    }
    assertEquals(text.substring(0, lineStart), after.substring(0, Math.min(after.length(), lineStart)),
        () -> "a line before the edit changed: " + fix);
    int lineEnd = text.indexOf('\n', last);
    if (lineEnd >= 0) {
      String tail = text.substring(lineEnd);
      assertTrue(after.endsWith(tail), () -> "a line after the edit changed: " + fix);
    }
    assertTrue(brokenDocuments(after) <= brokenBefore, () -> "the fix broke the YAML: " + fix + "\n" + after);
  }

  private static int brokenDocuments(String text) {
    int broken = 0;
    for (YamlDocument d : new YamlParser().parse(text).documents()) {
      if (d.hasSyntaxError()) {
        broken++;
      }
    }
    return broken;
  }
}
