package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.fixtures.Actual;
import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.fixtures.Fixture;
import dev.meshprobe.fixtures.FixtureReport;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.MessageShape;
import dev.meshprobe.text.Position;
import dev.meshprobe.text.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment-context scenarios linted as a user's workspace is (every file indexed, every chart and
 * kustomization rendered by the real tools, found on the PATH), each file's findings compared with the
 * {@code expect:} comments written in it: bases, patches, kustomizations, templates and values files
 * alike. A file with no expectation must lint clean.
 */
class ContextScenarioFindingsTest {
  static Stream<ContextScenario> scenarios() {
    return ContextScenario.all().stream();
  }

  @BeforeAll
  static void tools() {
    TestTools.require();
  }


  /** The findings of one file as the fixture comparer wants them. */
  static List<Actual> actuals(Workspace ws, Path file) {
    Path path = file.toAbsolutePath().normalize();
    List<Actual> out = new ArrayList<>();
    List<Finding> findings = ws.lint(path);
    if (findings.isEmpty()) {
      return out;
    }
    SourceText text = ws.file(path) != null && ws.file(path).source() != null && ws.file(path).source().text() != null
        ? ws.file(path).source() : new SourceText(dev.meshprobe.context.SourceFiles.fromDisk().text(path));
    for (Finding x : findings) {
      Position start = text.position(x.where().start());
      Position end = text.position(x.where().end());
      int length = end.line() == start.line() ? end.character() - start.character() : -1;
      out.add(new Actual(start.line(), start.character(), length, x.rule(), x.severity().id(), x.message()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyFileGetsTheFindingsWrittenInIt(ContextScenario scenario) {
    Workspace ws = ContextWorkspaces.rendered(scenario.folder());
    StringBuilder failures = new StringBuilder();
    for (Fixture f : scenario.files()) {
      for (Finding x : ws.lint(f.file().toAbsolutePath().normalize())) {
        String shape = MessageShape.problem(x);
        if (shape != null) {
          failures.append("\n").append(f.file().getFileName()).append(": ").append(x.rule()).append(": ").append(shape).append(": ")
              .append(x.message());
        }
      }
      List<Actual> actual = actuals(ws, f.file());
      List<String> problems = FixtureReport.compare(f, actual);
      if (!problems.isEmpty()) {
        failures.append("\n==== ").append(scenario.folder().relativize(f.file())).append('\n');
        problems.forEach(p -> failures.append("  ").append(p).append('\n'));
        failures.append(FixtureReport.annotate(f, actual));
      }
    }
    if (failures.length() > 0) {
      fail(failures.toString());
    }
  }
}
