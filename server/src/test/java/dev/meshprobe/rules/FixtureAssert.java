package dev.meshprobe.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.engine.ConfigFile;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.fixtures.Actual;
import dev.meshprobe.fixtures.Fixture;
import dev.meshprobe.fixtures.FixtureReport;
import dev.meshprobe.fixtures.Fixtures;
import dev.meshprobe.text.Position;
import dev.meshprobe.text.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lints fixtures the way a user's workspace is linted (the fixture, plus its {@code # context:} files,
 * with its {@code # config:} layered over the defaults) and compares the findings with the inline
 * expectations. A failure prints the fixture with the actual findings written in.
 */
public final class FixtureAssert {
  private FixtureAssert() {}

  /** Verifies every fixture of a rule folder. */
  public static void verify(String ruleId) {
    List<Fixture> fixtures = Fixtures.forRule(ruleId);
    assertFalse(fixtures.isEmpty(), "no fixtures for " + ruleId);
    StringBuilder failures = new StringBuilder();
    for (Fixture f : fixtures) {
      List<String> problems = FixtureReport.compare(f, lint(f));
      if (!problems.isEmpty()) {
        failures.append("\n==== ").append(Fixtures.root().relativize(f.file())).append('\n');
        problems.forEach(p -> failures.append("  ").append(p).append('\n'));
        failures.append(FixtureReport.annotate(f, lint(f)));
      }
    }
    if (failures.length() > 0) {
      fail(failures.toString());
    }
  }

  /** The findings of a fixture as the comparer wants them. */
  public static List<Actual> lint(Fixture f) {
    Workspace ws = workspace(f);
    Path path = f.file().toAbsolutePath().normalize();
    if (ws.file(path) == null) {
      return List.of(); // a file of a tree that the workspace does not index (in a testdata folder)
    }
    SourceText text = ws.file(path).source();
    List<Actual> out = new ArrayList<>();
    for (Finding x : ws.lint(path)) {
      Position start = text.position(x.where().start());
      Position end = text.position(x.where().end());
      int length = end.line() == start.line() ? end.character() - start.character() : -1;
      out.add(new Actual(start.line(), start.character(), length, x.rule(), x.severity().id(), x.message()));
    }
    return out;
  }

  /**
   * A workspace holding the fixture and its context files, configured as the fixture says. A fixture of a
   * tree is linted in the tree as a user's repository: indexed from disk, its {@code .meshprobe.yaml} and
   * {@code testdata} folders taken as they come.
   */
  public static Workspace workspace(Fixture f) {
    Path tree = f.tree();
    Workspace ws = new Workspace(List.of(tree != null ? tree : Fixtures.root().toAbsolutePath().normalize()), Log.SILENT);
    if (f.config() != null) {
      ws.setOverrides(ConfigFile.parseTree(f.config()));
    }
    if (tree != null) {
      ws.indexFolders();
    }
    Path dir = f.file().toAbsolutePath().normalize().getParent();
    try {
      for (String c : f.contexts()) {
        Path p = dir.resolve(c).normalize();
        ws.putText(p, Files.readString(p));
      }
      if (tree == null) {
        ws.putText(f.file().toAbsolutePath().normalize(), f.text());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ws;
  }
}
