package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.fixtures.MapsExpectation;
import dev.meshprobe.fixtures.RenderExpectation;
import dev.meshprobe.fixtures.UsesExpectation;
import dev.meshprobe.yaml.YNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios of {@code test-fixtures/.../contexts/}, discovered and rendered with the real helm and
 * kubectl: each context renders or fails as its entry file says, each file is used by the contexts it
 * names, and every {@code maps:} comment is where the rendered key or value is mapped back to.
 */
class ContextFixturesTest {
  static Stream<ContextScenario> scenarios() {
    return ContextScenario.all().stream();
  }

  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioDiscoversRendersAndMaps(ContextScenario expected) {
    Scenario s = new Scenario(expected.folder());
    List<String> problems = new ArrayList<>();
    checkRenders(expected, s, problems);
    checkUses(expected, s, problems);
    for (MapsExpectation m : expected.maps()) {
      checkMaps(m, s, problems);
    }
    if (!problems.isEmpty()) {
      fail(expected + ":\n  " + String.join("\n  ", problems));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void renderingWritesNothingIntoTheTree(ContextScenario expected) throws IOException {
    Set<String> before = listing(expected.folder());
    Scenario s = new Scenario(expected.folder());
    s.contexts.rendered().forEach(s::render);
    assertFalse(s.contexts.rendered().isEmpty(), expected + " has no context to render");
    if (!before.equals(listing(expected.folder()))) {
      fail(expected + ": the folder changed while rendering");
    }
  }

  private static Set<String> listing(Path folder) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.toList()) {
        out.add(folder.relativize(p) + " " + (Files.isRegularFile(p) ? Files.size(p) + " " + Files.getLastModifiedTime(p) : "dir"));
      }
    }
    return out;
  }

  private static void checkRenders(ContextScenario expected, Scenario s, List<String> problems) {
    Set<String> named = new HashSet<>();
    for (RenderExpectation r : expected.renders()) {
      named.add(r.context());
      DeploymentContext c = s.context(r.context());
      String at = r.file().getFileName() + ":" + (r.commentLine() + 1) + ": ";
      if (c == null) {
        problems.add(at + "no context named " + r.context() + " was discovered; found " + names(s));
        continue;
      }
      if (!c.entryFile().equals(r.file().toAbsolutePath().normalize())) {
        problems.add(at + r.context() + " has entry " + c.entryFile() + ", not this file");
      }
      RenderResult result = s.render(c);
      if (r.renders() && result instanceof RenderFailure f) {
        problems.add(at + r.context() + " should render but failed: " + f.message() + " " + f.toolOutput());
      } else if (!r.renders()) {
        if (!(result instanceof RenderFailure f)) {
          problems.add(at + r.context() + " should fail (" + r.reason() + ") but rendered");
        } else {
          String reason = f.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
          String all = f.message() + "\n" + String.join("\n", f.toolOutput());
          if (!reason.equals(r.reason()) || !all.contains(r.fragment())) {
            problems.add(at + r.context() + " should fail " + r.reason() + " \"" + r.fragment() + "\" but failed " + reason + ": " + all);
          }
        }
      }
    }
    for (DeploymentContext c : s.contexts.rendered()) {
      if (!named.contains(c.name())) {
        problems.add("context " + c.name() + " (" + c.entryFile() + ") was discovered but no renders:/render-fails: names it");
      }
    }
  }

  private static void checkUses(ContextScenario expected, Scenario s, List<String> problems) {
    for (UsesExpectation u : expected.uses()) {
      Set<String> actual = new TreeSet<>();
      s.contexts.of(u.file()).stream().filter(c -> !(c instanceof PlainContext)).forEach(c -> actual.add(c.name()));
      if (!actual.equals(new TreeSet<>(u.contexts()))) {
        problems.add(u.file().getFileName() + ":" + (u.commentLine() + 1) + ": used by " + actual + ", expected " + new TreeSet<>(u.contexts()));
      }
      if (u.contexts().isEmpty() && !s.contexts.plain().files().contains(u.file().toAbsolutePath().normalize())) {
        problems.add(u.file().getFileName() + ": used by no rendered context, so it must be a plain file");
      }
    }
  }

  private static void checkMaps(MapsExpectation m, Scenario s, List<String> problems) {
    String at = m.file().getFileName() + ":" + (m.commentLine() + 1) + ": ";
    DeploymentContext c = s.context(m.context());
    RenderResult r = c == null ? null : s.render(c);
    if (!(r instanceof Rendered rendered)) {
      problems.add(at + "context " + m.context() + " did not render: " + (r == null ? "not discovered" : ((RenderFailure) r).message()));
      return;
    }
    RenderedDocument doc = Scenario.document(rendered, m.kind(), m.name());
    YNode node = doc == null ? null : Scenario.node(doc.document().root(), m.path(), m.key());
    if (node == null) {
      problems.add(at + "no " + (m.key() ? "key " : "value ") + m.path() + " in the rendered " + m.kind() + "/" + m.name());
      return;
    }
    Location located = doc.locate(node);
    Location l = m.valueFrom() ? (located == null ? null : located.valueFrom()) : located;
    String text = SourceFiles.readDisk(m.file());
    int start = offset(text, m.line(), m.column());
    boolean ok = l != null && l.file().equals(m.file().toAbsolutePath().normalize()) && l.start() == start && l.end() == start + m.length()
        && l.origin().name().toLowerCase(Locale.ROOT).replace('_', '-').equals(m.origin()) && l.literal() == m.literal();
    if (!ok) {
      problems.add(at + "expected " + m.describe() + "\n      but " + (m.valueFrom() ? "the value was taken from " : "it maps to ")
          + Scenario.describe(l));
    }
  }

  /** The char offset of a 0-based line and UTF-16 column. */
  static int offset(String text, int line, int column) {
    int o = 0;
    for (int l = 0; l < line; l++) {
      o = text.indexOf('\n', o) + 1;
    }
    return o + column;
  }

  private static String names(Scenario s) {
    return s.contexts.rendered().stream().map(DeploymentContext::name).toList().toString();
  }
}
