package dev.meshprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.context.TestTools;
import dev.meshprobe.engine.ContextWorkspaces;
import dev.meshprobe.fixtures.ContextScenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code fix} over Kustomize overlays and a Helm chart, with the real tools on the
 * PATH: the finding on the base's line with its overlay under it, {@code contexts} in JSON, the mapped line
 * in SARIF, a baseline that survives an edit above the finding, and the fix written into the patch.
 */
class ContextCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  private Path scenario(String name) {
    return ContextWorkspaces.copy(ContextScenario.root().resolve(name), dir.resolve(name));
  }

  @Test
  void checkReportsTheBaseLineWithItsOverlayInEveryFormat() throws IOException {
    scenario("overlays_differ_only_in_patch");
    Cli.Run text = Cli.check(dir, "overlays_differ_only_in_patch");
    assertEquals(1, text.code(), text.err());
    assertTrue(text.out().contains("overlays_differ_only_in_patch/base/deployment.yaml:22:11  error    probe-blocked-by-strict-mtls"),
        text.out());
    assertTrue(text.out().contains("\n      in overlays/prod\n"), text.out());
    assertTrue(text.out().contains("overlays_differ_only_in_patch/overlays/prod/rewrite-off.yaml:12:9  Probe rewriting is off"), text.out());

    JsonNode json = JSON.readTree(Cli.check(dir, "--format", "json", "overlays_differ_only_in_patch").out());
    JsonNode f = json.get("findings").get(0);
    assertEquals(1, json.get("findings").size());
    assertEquals("overlays_differ_only_in_patch/base/deployment.yaml", f.get("file").asText());
    assertEquals(21, f.get("range").get("start").get("line").asInt());
    assertEquals("[\"overlays/prod\"]", f.get("contexts").toString());

    JsonNode sarif = JSON.readTree(Cli.check(dir, "--format", "sarif", "overlays_differ_only_in_patch").out());
    JsonNode result = sarif.get("runs").get(0).get("results").get(0);
    JsonNode region = result.get("locations").get(0).get("physicalLocation").get("region");
    assertEquals("overlays_differ_only_in_patch/base/deployment.yaml",
        result.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
    assertEquals(22, region.get("startLine").asInt());
    assertEquals(11, region.get("startColumn").asInt());
    assertEquals("[\"overlays/prod\"]", result.get("properties").get("contexts").toString());
  }

  @Test
  void aBaselineKeepsATemplateFindingAcrossAnEditAboveIt() throws IOException {
    Path chart = scenario("chart_probe_from_values_toyaml");
    Cli.Run written = Cli.check(dir, "--write-baseline", "baseline.json", "chart_probe_from_values_toyaml");
    assertEquals(0, written.code(), written.err());
    Path template = chart.resolve("chart/templates/deployment.yaml");
    Files.writeString(template, Files.readString(template).replace("spec:\n  selector:", "spec:\n  # the web tier\n  selector:"));
    Cli.Run again = Cli.check(dir, "--baseline", "baseline.json", "chart_probe_from_values_toyaml");
    assertEquals(0, again.code(), again.out());
    assertTrue(again.out().startsWith("0 findings"), again.out());
  }

  @Test
  void fixWritesTheRewriteWhereTheOverlayTurnedItOff() throws IOException {
    Path s = scenario("overlays_differ_only_in_patch");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int diff = new FixCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
        .run(new String[] {"overlays_differ_only_in_patch"});
    assertEquals(1, diff, err.toString(StandardCharsets.UTF_8));
    String patch = out.toString(StandardCharsets.UTF_8);
    assertTrue(patch.startsWith("--- a/overlays_differ_only_in_patch/overlays/prod/rewrite-off.yaml\n"), patch);
    assertTrue(patch.contains("-        sidecar.istio.io/rewriteAppHTTPProbers: \"false\"\n+        sidecar.istio.io/rewriteAppHTTPProbers: \"true\"\n"),
        patch);
    int written = new FixCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
        .run(new String[] {"--write", "overlays_differ_only_in_patch"});
    assertEquals(0, written);
    assertTrue(Files.readString(s.resolve("overlays/prod/rewrite-off.yaml")).contains("rewriteAppHTTPProbers: \"true\""));
    assertEquals(0, Cli.check(dir, "overlays_differ_only_in_patch").code());
  }
}
