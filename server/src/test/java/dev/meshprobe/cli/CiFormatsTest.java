package dev.meshprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.SeedManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub and GitLab reports read back as GitHub's runner and GitLab read them: positions and
 * severities agree with the JSON report, and fingerprints survive edits that only move a finding.
 */
class CiFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A file name with the characters a workflow command property must escape. */
  private static final String WEB = "apps/web,prod:v1.yaml";
  /** A namespace with injection and no policy: its probe is reported as info (fails only under STRICT). */
  private static final String PLAIN = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: plain, labels: {istio-injection: enabled}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: plain}
      spec:
        template:
          metadata:
            annotations: {sidecar.istio.io/rewriteAppHTTPProbers: "false"}
          spec:
            containers:
              - name: api
                image: api:1
                readinessProbe: {httpGet: {path: /ready, port: 9000}}
      """;

  @TempDir Path dir;

  /** One workflow command as the runner parses it: {@code ::command k=v,k=v::message}, unescaped. */
  private record Command(String name, Map<String, String> properties, String message) {}

  private static List<Command> parseCommands(String out) {
    List<Command> commands = new ArrayList<>();
    for (String line : out.lines().toList()) {
      if (!line.startsWith("::")) {
        continue;
      }
      int end = line.indexOf("::", 2);
      String head = line.substring(2, end);
      int space = head.indexOf(' ');
      Map<String, String> props = new LinkedHashMap<>();
      if (space > 0) {
        for (String pair : head.substring(space + 1).split(",")) {
          int eq = pair.indexOf('=');
          props.put(pair.substring(0, eq), unescapeProperty(pair.substring(eq + 1)));
        }
      }
      commands.add(new Command(space > 0 ? head.substring(0, space) : head, props, unescapeData(line.substring(end + 2))));
    }
    return commands;
  }

  private static String unescapeData(String s) {
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
  }

  private static String unescapeProperty(String s) {
    return unescapeData(s.replace("%3A", ":").replace("%2C", ","));
  }

  private void writeWorkspace() throws IOException {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Files.createDirectories(dir.resolve("apps"));
    Files.writeString(dir.resolve(WEB), SeedManifests.WEB);
    Files.writeString(dir.resolve("plain.yaml"), PLAIN);
  }

  private JsonNode json(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--format", "json", "--fail-on", "never"));
    all.addAll(List.of(args));
    return JSON.readTree(Cli.check(dir, all.toArray(String[]::new)).out()).get("findings");
  }

  @Test
  void githubAnnotationsReadBackToTheJsonReport() throws IOException {
    writeWorkspace();
    Cli.Run run = Cli.check(dir, "--format", "github", ".");
    assertEquals(1, run.code(), run.err());
    List<Command> commands = parseCommands(run.out());
    JsonNode findings = json(".");
    assertEquals(2, findings.size(), findings.toString());
    assertEquals(findings.size(), commands.size(), run.out());
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      JsonNode f = findings.get(i);
      assertEquals(List.of("file", "line", "col", "endLine", "endColumn", "title"), List.copyOf(c.properties().keySet()));
      assertEquals(f.get("file").asText(), c.properties().get("file"));
      assertEquals(f.get("rule").asText(), c.properties().get("title"));
      assertEquals(f.get("message").asText(), c.message());
      JsonNode range = f.get("range");
      assertEquals(range.get("start").get("line").asInt() + 1, Integer.parseInt(c.properties().get("line")));
      assertEquals(range.get("start").get("character").asInt() + 1, Integer.parseInt(c.properties().get("col")));
      assertEquals(range.get("end").get("line").asInt() + 1, Integer.parseInt(c.properties().get("endLine")));
      assertEquals(range.get("end").get("character").asInt() + 1, Integer.parseInt(c.properties().get("endColumn")));
      assertEquals(switch (f.get("severity").asText()) {
        case "error" -> "error";
        case "warning" -> "warning";
        default -> "notice";
      }, c.name());
    }
    Map<String, String> byFile = new LinkedHashMap<>();
    commands.forEach(c -> byFile.put(c.properties().get("file"), c.name()));
    assertEquals(Map.of(WEB, "error", "plain.yaml", "notice"), byFile, "the seed is an error, the info finding a notice");
    List<String> lines = SeedManifests.WEB.lines().toList();
    Command seed = commands.stream().filter(c -> c.properties().get("file").equals(WEB)).findFirst().orElseThrow();
    String probeLine = lines.get(Integer.parseInt(seed.properties().get("line")) - 1);
    assertEquals(probeLine.indexOf("livenessProbe") + 1, Integer.parseInt(seed.properties().get("col")), probeLine);
  }

  @Test
  void workflowCommandEscapingRoundTrips() {
    String tricky = "100% sure: a, b\r\nnext";
    assertEquals("100%25 sure: a, b%0D%0Anext", GithubReporter.data(tricky));
    assertEquals("100%25 sure%3A a%2C b%0D%0Anext", GithubReporter.property(tricky));
    assertEquals(tricky, unescapeData(GithubReporter.data(tricky)));
    assertEquals(tricky, unescapeProperty(GithubReporter.property(tricky)));
  }

  @Test
  void gitlabReportReadsBackWithFingerprintsThatSurviveMovedLines() throws IOException {
    writeWorkspace();
    Cli.Run run = Cli.check(dir, "--format", "gitlab", ".");
    assertEquals(1, run.code(), run.err());
    JsonNode issues = JSON.readTree(run.out());
    JsonNode findings = json(".");
    assertEquals(findings.size(), issues.size());
    for (int i = 0; i < issues.size(); i++) {
      JsonNode issue = issues.get(i);
      JsonNode f = findings.get(i);
      assertEquals(f.get("rule").asText(), issue.get("check_name").asText());
      assertEquals(f.get("message").asText(), issue.get("description").asText());
      assertEquals(f.get("file").asText(), issue.get("location").get("path").asText());
      assertEquals(f.get("range").get("start").get("line").asInt() + 1, issue.get("location").get("lines").get("begin").asInt());
      assertEquals(f.get("range").get("end").get("line").asInt() + 1, issue.get("location").get("lines").get("end").asInt());
      assertEquals(f.get("fingerprint").asText(), issue.get("fingerprint").asText());
      assertTrue(issue.get("fingerprint").asText().matches("[0-9a-f]{32}"), issue.toString());
      assertEquals(f.get("severity").asText().equals("error") ? "critical" : "minor", issue.get("severity").asText());
    }

    JsonNode before = seed(JSON.readTree(run.out()));
    String web = Files.readString(dir.resolve(WEB));
    Files.writeString(dir.resolve(WEB), "# deployed by the shop team\n" + web);
    JsonNode moved = seed(JSON.readTree(Cli.check(dir, "--format", "gitlab", ".").out()));
    assertEquals(before.get("location").get("lines").get("begin").asInt() + 1, moved.get("location").get("lines").get("begin").asInt());
    assertEquals(before.get("fingerprint"), moved.get("fingerprint"), "a line added above keeps the fingerprint");

    String item = web.substring(web.lastIndexOf('\n', web.indexOf("- name: web")) + 1, web.indexOf("- name: web"));
    String withProxy = web.replace(item + "- name: web", item + "- name: proxy\n" + item + "  image: proxy:1\n" + item + "- name: web");
    assertNotEquals(web, withProxy);
    Files.writeString(dir.resolve(WEB), withProxy);
    JsonNode sidecarBefore = seed(JSON.readTree(Cli.check(dir, "--format", "gitlab", ".").out()));
    assertEquals(before.get("fingerprint"), sidecarBefore.get("fingerprint"), "another container before it keeps the fingerprint");

    Files.writeString(dir.resolve(WEB), web.replace("- name: web", "- name: storefront"));
    JsonNode renamed = seed(JSON.readTree(Cli.check(dir, "--format", "gitlab", ".").out()));
    assertNotEquals(before.get("fingerprint"), renamed.get("fingerprint"), "another container is another finding");
  }

  @Test
  void equalFindingsShareTheFingerprintButGitlabAndSarifTellThemApart() throws IOException {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    String web = SeedManifests.WEB;
    String twice = web + web.substring(web.lastIndexOf('\n', web.indexOf("- name: web")) + 1);
    Files.writeString(dir.resolve("web.yaml"), twice);
    JsonNode findings = json(".");
    assertEquals(2, findings.size(), findings.toString());
    String fp = findings.get(0).get("fingerprint").asText();
    assertEquals(fp, findings.get(1).get("fingerprint").asText(), "same rule, resource, container name and probe");
    JsonNode issues = JSON.readTree(Cli.check(dir, "--format", "gitlab", ".").out());
    assertEquals(List.of(fp, fp + "-2"), List.of(issues.get(0).get("fingerprint").asText(), issues.get(1).get("fingerprint").asText()));
    JsonNode results = JSON.readTree(Cli.check(dir, "--format", "sarif", ".").out()).get("runs").get(0).get("results");
    assertEquals(List.of(fp, fp + "-2"), List.of(results.get(0).get("partialFingerprints").get("meshprobe/v1").asText(),
        results.get(1).get("partialFingerprints").get("meshprobe/v1").asText()));
  }

  private static JsonNode seed(JsonNode issues) {
    for (JsonNode i : issues) {
      if (i.get("check_name").asText().equals("probe-blocked-by-strict-mtls")) {
        return i;
      }
    }
    throw new AssertionError("no seed finding in " + issues);
  }
}
