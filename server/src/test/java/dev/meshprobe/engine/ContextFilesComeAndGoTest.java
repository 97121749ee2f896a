package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.rules.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace told of its files' changes one at a time (as the language server is) finds what a fresh
 * workspace read from the same disk finds (as {@code meshprobe check} does), when the files that make a
 * folder a chart or a kustomization come and go.
 */
class ContextFilesComeAndGoTest {
  /** A manifest with a finding of its own, written where a chart's template was. */
  private static final String PLAIN = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: web\nspec:\n"
      + "  portLevelMtls:\n    8080: {mode: PERMISSIVE}\n";

  @TempDir
  Path root;

  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  private static boolean has(List<Finding> fs, String rule) {
    return fs.stream().anyMatch(f -> f.rule().equals(rule));
  }

  /** A finding as the editor and the command line show it. */
  private static String shown(Finding f) {
    return f.where().start() + "-" + f.where().end() + " " + f.rule() + " " + f.severity() + " " + f.message() + " " + f.contexts();
  }

  private List<String> fresh(Path file) {
    return ContextWorkspaces.rendered(root).lint(file).stream().map(ContextFilesComeAndGoTest::shown).toList();
  }

  @Test
  void aChartWhoseChartYamlIsDeletedIsLintedAsPlainFiles() throws Exception {
    ContextWorkspaces.copy(ContextScenario.root().resolve("chart_probe_from_values_toyaml"), root);
    Path template = root.resolve("chart/templates/deployment.yaml");
    Files.writeString(template, PLAIN);
    Workspace ws = ContextWorkspaces.rendered(root);
    assertTrue(ws.lint(template).stream().allMatch(f -> f.contexts().equals(List.of("chart"))), "a chart's template is no manifest");

    Path chart = root.resolve("chart/Chart.yaml");
    Files.delete(chart);
    ws.refreshFromDisk(chart);
    ws.contexts().renderAll(2);
    List<Finding> now = ws.lint(template);
    assertTrue(has(now, "port-level-mtls-without-selector") && now.stream().allMatch(f -> f.contexts().isEmpty()), now::toString);
    assertEquals(fresh(template), now.stream().map(ContextFilesComeAndGoTest::shown).toList());
  }

  @Test
  void aFolderThatGetsAChartYamlIsAChart() throws Exception {
    ContextWorkspaces.copy(ContextScenario.root().resolve("chart_probe_from_values_toyaml"), root);
    Path template = root.resolve("chart/templates/deployment.yaml");
    Files.writeString(template, PLAIN);
    Path chart = root.resolve("chart/Chart.yaml");
    String chartText = Files.readString(chart);
    Files.delete(chart);
    Workspace ws = ContextWorkspaces.rendered(root);
    assertTrue(has(ws.lint(template), "port-level-mtls-without-selector") && ws.lint(template).stream().allMatch(f -> f.contexts().isEmpty()),
        "no chart yet: a plain manifest");

    Files.writeString(chart, chartText);
    ws.refreshFromDisk(chart);
    ws.contexts().renderAll(2);
    List<Finding> now = ws.lint(template);
    assertTrue(now.stream().allMatch(f -> f.contexts().equals(List.of("chart"))), now::toString);
    assertEquals(fresh(template), now.stream().map(ContextFilesComeAndGoTest::shown).toList());
  }
}
