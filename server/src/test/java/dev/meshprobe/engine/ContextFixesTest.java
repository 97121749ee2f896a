package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.fixes.FileEdit;
import dev.meshprobe.fixes.Fix;
import dev.meshprobe.fixes.TextEdit;
import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fix offered for a finding of a Helm release or a Kustomize entry, applied to a copy of its
 * scenario: the edits land only on literal text, YAML files stay YAML (templates are no YAML), every
 * context still renders, nothing but the edited lines changes, and after a render the fix did what its
 * title says: the rewrite turned on and the suppressions silence the finding; the comment leaves it.
 */
class ContextFixesTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void tools() {
    TestTools.require();
  }


  private static String identity(Finding f, Path root) {
    return f.rule() + " " + root.relativize(Path.of(f.where().file())) + " " + f.subject();
  }


  private static boolean isTemplate(Path p) {
    for (Path d = p.getParent(); d != null; d = d.getParent()) {
      if (d.getFileName() != null && d.getFileName().toString().equals("templates")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyOfferedFixAppliesCleanlyAndDoesWhatItSaysAfterARender() throws IOException {
    int checked = 0;
    int rewrites = 0;
    List<String> problems = new ArrayList<>();
    for (ContextScenario scenario : ContextScenario.all()) {
      Path original = scenario.folder();
      Workspace ws = ContextWorkspaces.rendered(original);
      FixSupport fs = new FixSupport(ws);
      int failedBefore = failures(ws);
      for (Finding f : ContextWorkspaces.findings(ws)) {
        if (f.contexts().isEmpty()) {
          continue;
        }
        for (Fix fix : fs.fixes(Path.of(f.where().file()), f)) {
          checked++;
          String what = scenario + ": " + fix + " for " + identity(f, original);
          Path copy = dir.resolve("fix" + checked);
          ContextWorkspaces.copy(original, copy);
          Map<Path, String> before = new HashMap<>();
          for (FileEdit fe : fix.edits()) {
            Path target = copy.resolve(original.relativize(Path.of(fe.file())).toString());
            String text = fe.original() == null ? "" : fe.original();
            before.put(target, text);
            Files.writeString(target, fe.result());
            checkOnlyEditedLines(text, fe, what, problems);
            if (!isTemplate(target) && target.toString().endsWith(".yaml")) {
              YamlFile parsed = new YamlParser().parse(fe.result());
              if (parsed.documents().stream().anyMatch(d -> d.hasSyntaxError())) {
                problems.add(what + ": " + target.getFileName() + " no longer parses");
              }
            }
          }
          Workspace after = ContextWorkspaces.rendered(copy);
          if (failures(after) != failedBefore) {
            problems.add(what + ": a context no longer renders: " + ContextWorkspaces.findings(after));
          }
          boolean gone = ContextWorkspaces.findings(after).stream().noneMatch(x -> identity(x, copy).equals(identity(f, original)));
          switch (fix.id()) {
            case "enable-probe-rewrite" -> {
              rewrites++;
              if (!gone) {
                problems.add(what + ": the finding is still there after the render");
              }
            }
            case "suppress-with-comment", "suppress-in-configuration" -> {
              if (!gone) {
                problems.add(what + ": the finding is not suppressed");
              }
            }
            case "insert-explanatory-comment" -> {
              if (gone) {
                problems.add(what + ": a comment made the finding go");
              }
            }
            default -> problems.add(what + ": a fix no context finding should offer");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
    assertTrue(checked >= 20, "only " + checked + " fixes were offered");
    assertTrue(rewrites >= 6, "only " + rewrites + " rewrite fixes were offered");
  }

  private static int failures(Workspace ws) {
    return (int) ContextWorkspaces.findings(ws).stream().filter(f -> f.rule().equals("file-not-analysed") && !f.contexts().isEmpty()).count();
  }

  /** Lines no edit touches are byte-identical, in order. */
  private static void checkOnlyEditedLines(String before, FileEdit fe, String what, List<String> problems) {
    String after = fe.result();
    int removed = 0;
    for (TextEdit e : fe.edits()) {
      removed += (int) before.substring(e.offset(), e.end()).chars().filter(c -> c == '\n').count() + 1;
    }
    List<String> a = List.of(after.split("\n", -1));
    List<String> b = List.of(before.split("\n", -1));
    int kept = 0;
    int j = 0;
    for (String line : b) {
      int at = a.subList(j, a.size()).indexOf(line);
      if (at >= 0) {
        kept++;
        j += at + 1;
      }
    }
    if (b.size() - kept > removed) {
      problems.add(what + ": " + (b.size() - kept) + " lines changed by " + fe.edits().size() + " edits");
    }
  }

  @Test
  void theRewriteOfAChartProbeIsFlippedInValuesYamlAndNothingIsWrittenThroughATemplateAction() throws IOException {
    Path s = ContextScenario.root().resolve("chart_probe_from_values_toyaml").toAbsolutePath().normalize();
    Workspace ws = ContextWorkspaces.rendered(s);
    Path template = s.resolve("chart/templates/deployment.yaml");
    Finding f = ws.lint(template).get(0);
    List<Fix> fixes = new FixSupport(ws).fixes(template, f);
    List<String> titles = fixes.stream().map(Fix::title).toList();
    assertEquals(List.of("Enable Istio probe rewrite for this pod in values.yaml", "Insert a comment explaining the failure",
        "Suppress probe-blocked-by-strict-mtls here with a comment",
        "Suppress probe-blocked-by-strict-mtls for chart/templates/deployment.yaml in .meshprobe.yaml"), titles);
    Fix rewrite = fixes.get(0);
    assertTrue(rewrite.isPreferred());
    assertEquals(1, rewrite.edits().size());
    FileEdit e = rewrite.edits().get(0);
    assertEquals(s.resolve("chart/values.yaml").toString(), e.file());
    assertTrue(e.result().contains("  sidecar.istio.io/rewriteAppHTTPProbers: \"true\"\n"), e.result());
    for (Fix fix : fixes) {
      for (FileEdit fe : fix.edits()) {
        if (fe.file().equals(template.toString())) {
          for (TextEdit t : fe.edits()) {
            String line = fe.original().substring(t.offset(), t.end());
            assertFalse(line.contains("{{"), fix + " edits a template action");
          }
        }
      }
    }
    assertTrue(Objects.nonNull(f.href()));
  }
}
