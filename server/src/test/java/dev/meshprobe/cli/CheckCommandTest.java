package dev.meshprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.SeedManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as CI uses it: output formats parsed back, positions checked against the text, exit codes. */
class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Cli.Run run(String... args) {
    return Cli.check(dir, args);
  }

  /** A seed workspace: the namespace and the policy in one file, the Deployment (emoji in a comment before the probe) in another. */
  private String writeSeed() throws IOException {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    String web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            metadata:
              annotations:
                sidecar.istio.io/rewriteAppHTTPProbers: "false"
            spec:
              containers:
              - name: web
                image: web:1
                env: [{name: GREETING, value: "😀"}]
                livenessProbe: {httpGet: {path: /healthz, port: 8080}}
        """;
    Files.createDirectories(dir.resolve("apps"));
    Files.writeString(dir.resolve("apps/web.yaml"), web);
    return web;
  }

  @Test
  void jsonReportsTheSeedFindingWithUtf16Positions() throws IOException {
    String web = writeSeed();
    Cli.Run r = run("--format", "json", ".");
    assertEquals(1, r.code(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals("meshprobe", root.get("tool").asText());
    assertEquals("1.30", root.get("istioVersion").asText());
    assertEquals(2, root.get("files").asInt());
    JsonNode findings = root.get("findings");
    assertEquals(1, findings.size(), r.out());
    JsonNode f = findings.get(0);
    assertEquals("apps/web.yaml", f.get("file").asText());
    assertEquals("probe-blocked-by-strict-mtls", f.get("rule").asText());
    assertEquals("error", f.get("severity").asText());
    assertEquals("web", f.get("container").asText());
    assertEquals("livenessProbe", f.get("probe").asText());
    assertEquals("Deployment", f.get("resource").get("kind").asText());
    assertEquals("shop", f.get("resource").get("namespace").asText());
    List<String> lines = web.lines().toList();
    int line = 15;
    assertTrue(lines.get(line).contains("livenessProbe"));
    assertEquals(line, f.get("range").get("start").get("line").asInt());
    assertEquals(lines.get(line).indexOf("livenessProbe"), f.get("range").get("start").get("character").asInt());
    assertEquals(lines.get(line).indexOf("livenessProbe") + "livenessProbe".length(), f.get("range").get("end").get("character").asInt());
    assertTrue(f.get("message").asText().contains("requires STRICT mTLS"), f.get("message").asText());
    assertTrue(f.get("facts").toString().contains("PeerAuthentication shop/default sets STRICT"), f.get("facts").toString());
    assertTrue(f.get("facts").toString().contains("\"file\":\"mesh.yaml\""), f.get("facts").toString());
  }

  @Test
  void sarifCarriesRulesRegionsAndRelatedLocations() throws IOException {
    writeSeed();
    Cli.Run r = run("--format=sarif", ".");
    assertEquals(1, r.code(), r.err());
    JsonNode run = JSON.readTree(r.out()).get("runs").get(0);
    assertEquals("2.1.0", JSON.readTree(r.out()).get("version").asText());
    JsonNode rules = run.get("tool").get("driver").get("rules");
    assertTrue(rules.size() >= 15);
    JsonNode result = run.get("results").get(0);
    assertEquals("probe-blocked-by-strict-mtls", result.get("ruleId").asText());
    assertEquals("probe-blocked-by-strict-mtls", rules.get(result.get("ruleIndex").asInt()).get("id").asText());
    assertTrue(rules.get(result.get("ruleIndex").asInt()).get("helpUri").asText().startsWith("https://"));
    JsonNode region = result.get("locations").get(0).get("physicalLocation").get("region");
    assertEquals(16, region.get("startLine").asInt());
    assertEquals(9, region.get("startColumn").asInt());
    JsonNode related = result.get("relatedLocations");
    assertTrue(related.size() >= 2, related.toString());
    boolean policy = false;
    for (JsonNode rel : related) {
      if (rel.get("physicalLocation").get("artifactLocation").get("uri").asText().equals("mesh.yaml")
          && rel.get("message").get("text").asText().contains("STRICT")) {
        policy = true;
        assertEquals(15, rel.get("physicalLocation").get("region").get("startLine").asInt());
      }
    }
    assertTrue(policy, related.toString());
  }

  @Test
  void textGroupsByFileAndExitCodesFollowFailOn() throws IOException {
    writeSeed();
    Cli.Run text = run("apps", "mesh.yaml");
    assertEquals(1, text.code());
    assertTrue(text.out().contains("apps/web.yaml:16:9  error    probe-blocked-by-strict-mtls"), text.out());
    assertTrue(text.out().contains("1 finding (1 error) in 2 files"), text.out());
    assertEquals(0, run("--fail-on", "never", ".").code());
    assertEquals(1, run("--mtls", "PERMISSIVE", "--istio-version", "1.30", ".").code(), "a PeerAuthentication seen in the workspace wins over the flag");
  }

  @Test
  void textPrintsTheFactsUnderEachFindingAndBriefOnlyTheFinding() throws IOException {
    writeSeed();
    List<String> lines = run(".").out().lines().toList();
    int at = 0;
    while (!lines.get(at).contains("probe-blocked-by-strict-mtls")) {
      at++;
    }
    assertTrue(lines.get(at).endsWith("Liveness probe will fail: port 8080 requires STRICT mTLS and probe rewriting is off for this pod."),
        lines.get(at));
    List<String> details = new ArrayList<>();
    for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("      "); i++) {
      details.add(lines.get(i).strip());
    }
    assertTrue(details.contains("mesh.yaml:6:5  Namespace shop has istio-injection: enabled"), details.toString());
    assertTrue(details.stream().anyMatch(d -> d.startsWith("mesh.yaml:15:11  PeerAuthentication shop/default sets STRICT")), details.toString());
    assertTrue(details.stream().anyMatch(d -> d.startsWith("apps/web.yaml:") && d.contains("rewriting is off for this pod")), details.toString());
    assertTrue(details.contains("The sidecar intercepts inbound port 8080, as Istio does every inbound port by default"), details.toString());
    for (String line : lines) {
      assertFalse(line.contains("`"), "plain text: " + line);
    }
    Cli.Run brief = run("--brief", ".");
    assertEquals(1, brief.code());
    assertTrue(brief.out().lines().noneMatch(l -> l.startsWith("      ")), brief.out());
    assertTrue(brief.out().contains("apps/web.yaml:16:9  error    probe-blocked-by-strict-mtls  Liveness probe will fail"), brief.out());
  }

  @Test
  void aConfigurationGivenOutsideThePathsIsReportedOnToo() throws IOException {
    Files.createDirectories(dir.resolve("ws"));
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("ws/app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Files.writeString(dir.resolve("other/.meshprobe.yaml"), "colour: blue\n");
    Cli.Run r = run("--format", "json", "--config", dir.resolve("other/.meshprobe.yaml").toString(), "ws");
    assertEquals(1, r.code(), r.err());
    JsonNode findings = JSON.readTree(r.out()).get("findings");
    assertEquals(1, findings.size(), r.out());
    assertEquals("configuration-invalid", findings.get(0).get("rule").asText());
    assertEquals("other/.meshprobe.yaml", findings.get(0).get("file").asText());
  }

  @Test
  void usageAndIoErrorsExitTwo() {
    assertEquals(2, run().code());
    assertEquals(2, run("--format", "xml", ".").code());
    assertEquals(2, run("--istio-version", "two", ".").code());
    assertEquals(2, run("no-such-folder").code());
    assertEquals(2, run("--config", "missing.yaml", ".").code());
    assertTrue(run("--bogus", ".").err().contains("unknown option --bogus"));
  }

  @Test
  void istioVersionFlagChangesTheVerdict() throws IOException {
    writeSeed();
    // The probe's port declared: Istio 1.0 intercepted only the declared container ports.
    Files.writeString(dir.resolve("apps/web.yaml"), Files.readString(dir.resolve("apps/web.yaml")).replace("\"false\"", "\"true\"")
        .replace("image: web:1\n", "image: web:1\n        ports: [{containerPort: 8080}]\n"));
    assertEquals(0, run(".").code(), "1.30 rewrites the probe");
    Cli.Run old = run("--istio-version", "1.0", "--fail-on", "info", "--format", "json", ".");
    assertEquals(1, old.code(), old.out());
    assertTrue(old.out().contains("probe-would-fail-under-strict-mtls"), "Istio 1.0 has no PeerAuthentication: " + old.out());
    assertTrue(old.out().contains("Istio 1.0 has no probe rewriting"), old.out());
  }

  @Test
  void workspaceKeepsTheContextAndReportsOnlyOnTheGivenFiles() throws IOException {
    writeSeed();
    Files.writeString(dir.resolve("apps/other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: shop}\n");
    Cli.Run alone = run("--format", "json", "apps/web.yaml");
    assertEquals(0, alone.code(), "without the policy's file the probe is not known to be blocked: " + alone.out());

    Cli.Run staged = run("--workspace", ".", "--format", "json", "apps/web.yaml");
    assertEquals(1, staged.code(), staged.err());
    JsonNode root = JSON.readTree(staged.out());
    assertEquals(1, root.get("files").asInt(), "only the given file counts as checked");
    assertEquals("apps/web.yaml", root.get("findings").get(0).get("file").asText());
    assertEquals("probe-blocked-by-strict-mtls", root.get("findings").get(0).get("rule").asText());

    Cli.Run policy = run("--workspace", ".", "--format", "json", "mesh.yaml");
    assertEquals(1, policy.code(), "the staged policy decides the probe in another file: " + policy.out());
    assertEquals("apps/web.yaml", JSON.readTree(policy.out()).get("findings").get(0).get("file").asText());

    Cli.Run unrelated = run("--workspace", ".", "--format", "json", "apps/other.yaml");
    assertEquals(0, unrelated.code(), unrelated.out());
    assertEquals(0, JSON.readTree(unrelated.out()).get("findings").size(), unrelated.out());
    assertEquals(2, run("--workspace", "mesh.yaml", "apps/web.yaml").code(), "--workspace takes a folder");
  }
}
