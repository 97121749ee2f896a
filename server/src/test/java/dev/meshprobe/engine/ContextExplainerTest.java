package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.fixtures.ContextScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hovers and inlay hints on the lines a Helm release or Kustomize entry was rendered from. */
class ContextExplainerTest {
  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  private static Path scenario(String name) {
    return ContextScenario.root().resolve(name).toAbsolutePath().normalize();
  }

  @Test
  void aTemplateProbeKeyIsExplainedWithTheFactsWhereTheyAreWritten() throws IOException {
    Path s = scenario("chart_probe_from_values_toyaml");
    Workspace ws = ContextWorkspaces.rendered(s);
    Path template = s.resolve("chart/templates/deployment.yaml");
    String text = Files.readString(template);
    Explainer.Explanation e = new Explainer(ws).hover(template, text.indexOf("livenessProbe:") + 3);
    assertNotNull(e);
    assertTrue(e.text().contains("rejected by the sidecar"), e.text());
    assertTrue(e.text().contains("chart/values.yaml:3"), e.text());
    assertEquals(text.indexOf("livenessProbe:"), e.start());
    // The probe's handler comes from values.yaml: its hint is there, on the httpGet line.
    Path values = s.resolve("chart/values.yaml");
    String v = Files.readString(values);
    List<Explainer.Hint> hints = new Explainer(ws).hints(values);
    int httpGetLineEnd = v.indexOf('\n', v.indexOf("  httpGet:"));
    assertTrue(hints.stream().anyMatch(h -> h.offset() == httpGetLineEnd && h.label().equals("✗ STRICT, no rewrite")), hints::toString);
  }

  @Test
  void aBaseProbeTwoOverlaysRenderIsExplainedPerOverlay() throws IOException {
    Path s = scenario("overlays_differ_only_in_patch");
    Workspace ws = ContextWorkspaces.rendered(s);
    Path base = s.resolve("base/deployment.yaml");
    String text = Files.readString(base);
    Explainer.Explanation e = new Explainer(ws).hover(base, text.indexOf("path: /healthz"));
    assertNotNull(e);
    assertTrue(e.text().contains("In overlays/prod:") && e.text().contains("In overlays/qa:"), e.text());
    assertTrue(e.text().contains("rewrite-off.yaml:12"), e.text());
    List<Explainer.Hint> hints = new Explainer(ws).hints(base);
    assertEquals(1, hints.size(), hints::toString);
    assertEquals("✗ STRICT, no rewrite", hints.get(0).label());
    assertTrue(hints.get(0).tooltip().contains("In overlays/prod") && hints.get(0).tooltip().contains("In overlays/qa"), hints.get(0).tooltip());
  }
}
