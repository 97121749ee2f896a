package dev.meshprobe.fixes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.engine.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: each fixture under {@code test-fixtures/.../fixes/<fix-id>/} names the fixes to apply
 * ({@code # fix: "title"}); the result must equal {@code <name>.fixed.yaml} byte for byte, and every
 * other file a fix writes (a {@code .meshprobe.yaml}) its own golden beside it. The workspace root is
 * the fixture's folder. Run with {@code -Dmeshprobe.updateGoldens=true} to write missing or changed
 * goldens, then review them as a diff.
 */
class FixGoldenTest {
  private static final boolean UPDATE = Boolean.getBoolean("meshprobe.updateGoldens");

  @TestFactory
  Stream<DynamicTest> everyFixtureGivesItsGolden() {
    return FixFixture.under(FixFixture.FIXES).stream()
        .map(p -> DynamicTest.dynamicTest(FixFixture.FIXES.relativize(p).toString(),
            () -> verify(FixFixture.read(p), p.getParent().toAbsolutePath().normalize())));
  }

  /** Rule fixtures may name fixes too (DESIGN §7); their workspace root is the fixtures root, as for the rule tests. */
  @TestFactory
  Stream<DynamicTest> ruleFixturesWithFixesGiveTheirGoldens() {
    return FixFixture.under(FixFixture.RULE_FIXTURES).stream().map(FixFixture::read).filter(f -> !f.titles().isEmpty())
        .map(f -> DynamicTest.dynamicTest(FixFixture.RULE_FIXTURES.relativize(f.file()).toString(), () -> verify(f, FixFixture.RULE_FIXTURES)));
  }

  @Test
  void everyFixHasGoldensInEveryFormattingVariant() throws IOException {
    List<String> variants = List.of("two_space", "four_space", "flush_sequences", "flow_style", "quoted_values",
        "comments_above_and_beside", "crlf_line_endings", "no_final_newline");
    List<String> fixes = List.of(EnableProbeRewriteFix.ID, ReplaceWithExecProbeFix.ID, AllowPlaintextOnPortFix.ID,
        ExcludePortFromSidecarFix.ID, RemoveProbeFix.ID, InsertExplanatoryCommentFix.ID, MoveAnnotationToPodTemplateFix.ID,
        FixBooleanValueFix.ID, DeclareNamedPortFix.ID, SuppressWithCommentFix.ID, SuppressWithAnnotationFix.ID,
        SuppressInConfigurationFix.ID);
    StringBuilder missing = new StringBuilder();
    for (String fix : fixes) {
      for (String v : variants) {
        Path folder = FixFixture.FIXES.resolve(fix);
        boolean found;
        try (Stream<Path> s = Files.walk(folder)) {
          found = s.anyMatch(p -> p.getFileName().toString().equals(v + ".yaml") || p.getParent().getFileName().toString().equals(v));
        }
        if (!found) {
          missing.append(fix).append('/').append(v).append('\n');
        }
      }
    }
    assertEquals("", missing.toString(), "fixtures missing");
  }

  private static void verify(FixFixture f, Path root) throws IOException {
    assertFalse(f.titles().isEmpty(), f.file() + " names no `# fix:`");
    Workspace ws = f.workspace(root);
    Map<Path, String> written = new LinkedHashMap<>();
    for (String title : f.titles()) {
      Fix fix = Apply.byTitle(ws, f.path(), title);
      if (fix == null) {
        fail("no fix titled \"" + title + "\" in " + f.file() + "; offered:\n  " + String.join("\n  ", Apply.titles(ws, f.path())));
      }
      Apply.into(ws, fix);
      for (FileEdit e : fix.edits()) {
        written.put(Path.of(e.file()), e.result());
      }
    }
    written.putIfAbsent(f.path(), f.text());
    StringBuilder mismatches = new StringBuilder();
    for (Map.Entry<Path, String> e : written.entrySet()) {
      Path golden = FixFixture.golden(e.getKey());
      if (UPDATE && (!Files.exists(golden) || !FixFixture.readExact(golden).equals(e.getValue()))) {
        Files.write(golden, e.getValue().getBytes(StandardCharsets.UTF_8));
        continue;
      }
      assertNotNull(Files.exists(golden) ? golden : null, "no golden " + golden + "; run with -Dmeshprobe.updateGoldens=true and review it");
      String expected = FixFixture.readExact(golden);
      if (!expected.equals(e.getValue())) {
        mismatches.append("==== ").append(golden).append('\n').append(LineDiff.unified("expected", "actual", expected, e.getValue()));
      }
    }
    if (mismatches.length() > 0) {
      fail(mismatches.toString());
    }
  }
}
