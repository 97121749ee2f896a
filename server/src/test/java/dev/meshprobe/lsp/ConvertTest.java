package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.TextChange;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A finding that did not move is converted to the very diagnostic published last time; one that moved
 * (same finding object, its document shifted by an edit above it) gets a new one at the new place,
 * equal to what a fresh conversion gives.
 */
class ConvertTest {
  private final Path root = Path.of("/meshprobe-convert").toAbsolutePath();
  private final Path file = root.resolve("shop.yaml");
  private final Uris uris = new Uris();

  @Test
  void unmovedFindingsKeepTheirDiagnosticAndMovedOnesGetANewOne() {
    String text = SeedManifests.MESH + "---\n" + SeedManifests.WEB + "---\n# the end\n";
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.openFile(file, text);
    Map<Finding, Diagnostic> first = new IdentityHashMap<>();
    List<Diagnostic> before = convert(ws, Map.of(), first);

    // An edit after every finding: nothing moves.
    int end = text.length() - 1;
    String below = text.substring(0, end) + "!" + text.substring(end);
    ws.openFile(file, below, TextChange.replace(end, end, 1));
    Map<Finding, Diagnostic> second = new IdentityHashMap<>();
    List<Diagnostic> same = convert(ws, first, second);
    assertEquals(before.size(), same.size());
    for (int i = 0; i < before.size(); i++) {
      assertSame(before.get(i), same.get(i), "diagnostic " + i);
    }

    // A line inserted above every finding: the same findings, one line further down.
    String above = "# a comment\n" + below;
    ws.openFile(file, above, TextChange.replace(0, 0, "# a comment\n".length()));
    List<Diagnostic> moved = convert(ws, second, new IdentityHashMap<>());
    assertEquals(Convert.diagnostics(ws.lint(file), ws.file(file).source(), ws, uris), moved);
    for (int i = 0; i < before.size(); i++) {
      assertNotSame(before.get(i), moved.get(i));
      assertEquals(before.get(i).getRange().getStart().getLine() + 1, moved.get(i).getRange().getStart().getLine());
    }
  }

  private List<Diagnostic> convert(Workspace ws, Map<Finding, Diagnostic> previous, Map<Finding, Diagnostic> next) {
    return Convert.diagnostics(ws.lint(file), ws.file(file).source(), ws, uris, previous, next);
  }
}
