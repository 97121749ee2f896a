package dev.meshprobe.fixes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "Fix all in file" applied twice equals applied once, on every corpus file and fix fixture with
 * findings; its edits are minimal line edits that rebuild the result; and it leaves the workspace as
 * it found it.
 */
class FixAllTest {
  private static final Path CORPUS = FixFixture.REPO.resolve("../shared/corpus").normalize();

  private int files;
  private int changed;
  private int fixes;
  private final List<String> problems = new ArrayList<>();

  @Test
  void fixAllTwiceEqualsOnce() throws IOException {
    if (Files.isDirectory(CORPUS)) {
      List<Path> sources;
      try (Stream<Path> s = Files.list(CORPUS)) {
        sources = s.filter(Files::isDirectory).sorted().toList();
      }
      for (Path source : sources) {
        Workspace ws = new Workspace(List.of(source), Log.SILENT);
        ws.indexFolders();
        for (Path p : List.copyOf(ws.files())) {
          if (Workspace.isManifestName(p)) {
            check(ws, p);
          }
        }
      }
      System.out.printf("fix all on the corpus: %d files with findings, %d changed by %d fixes%n", files, changed, fixes);
    }
    for (Path fixture : FixFixture.under(FixFixture.FIXES)) {
      FixFixture f = FixFixture.read(fixture);
      check(f.workspace(fixture.getParent().toAbsolutePath().normalize()), f.path());
    }
    System.out.printf("fix all, corpus and fix fixtures: %d files with findings, %d changed by %d fixes, all idempotent%n", files, changed, fixes);
    assertTrue(changed > 0, "fix all changed nothing");
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  private void check(Workspace ws, Path p) {
    var state = ws.file(p);
    if (state == null || state.source() == null || ws.lint(p).isEmpty()) {
      return;
    }
    files++;
    long brokenBefore = ws.lint(p).stream().filter(f -> f.rule().equals("yaml-syntax-error")).count();
    String original = state.source().text();
    FixSupport fs = new FixSupport(ws);
    FixSupport.FixAll once = fs.fixAll(p, f -> true);
    assertEquals(original, ws.file(p).source().text(), "fix all must leave the workspace text as it was: " + p);
    if (!once.changed()) {
      return;
    }
    changed++;
    fixes += once.applied();
    if (!TextEdit.apply(original, once.edits()).equals(once.after())) {
      problems.add(p + ": the line edits do not rebuild the result");
    }
    ws.putText(p, once.after());
    try {
      FixSupport.FixAll twice = fs.fixAll(p, f -> true);
      if (twice.changed()) {
        problems.add(p + ": a second fix all changed the file again:\n" + LineDiff.unified("once", "twice", once.after(), twice.after()));
      }
      long brokenAfter = ws.lint(p).stream().filter(f -> f.rule().equals("yaml-syntax-error")).count();
      if (brokenAfter > brokenBefore) {
        problems.add(p + ": fix all broke the parse");
      }
    } finally {
      ws.putText(p, original);
    }
  }
}
