package dev.meshprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.SeedManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --write-baseline} and {@code --baseline}: what a team adopting Meshprobe on an old repository relies on. */
class BaselineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of(System.getProperty("meshprobe.repo", ".")).toAbsolutePath().normalize();
  private static final Path SHARED = REPO.resolve("../shared").normalize();
  /** The folder of the corpus the broken-probe case copies, and the probe it breaks (an exec probe, clean). */
  private static final String CASSANDRA = "corpus/kubernetes__examples/databases/cassandra";
  private static final String STATEFULSET = CASSANDRA + "/cassandra-statefulset.yaml";
  private static final String READY_EXEC = """
                exec:
                  command:
                  - /bin/bash
                  - -c
                  - /ready-probe.sh
      """;
  /** The same readiness probe on a named port its container does not declare. */
  private static final String READY_UNDECLARED_PORT = """
                httpGet:
                  path: /ready
                  port: cql-ready
      """;

  @TempDir Path dir;

  private JsonNode json(Path cwd, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--format", "json", "--fail-on", "info"));
    all.addAll(List.of(args));
    Cli.Run run = Cli.check(cwd, all.toArray(String[]::new));
    assertTrue(run.code() == 0 || run.code() == 1, run.err());
    return JSON.readTree(run.out());
  }

  @Test
  void corpusBaselineReportsNothingOnTheCorpusAndOnlyTheBrokenProbeInACopy() throws IOException {
    assumeTrue(Files.isDirectory(SHARED.resolve("corpus")), "the shared corpus is not beside the repository");
    Path baseline = dir.resolve("corpus-baseline.json");
    Cli.Run written = Cli.check(SHARED, "--write-baseline", baseline.toString(), "corpus");
    assertEquals(0, written.code(), written.err());
    JsonNode entries = JSON.readTree(Files.readString(baseline)).get("findings");
    assertTrue(entries.size() > 100, "the corpus has a couple of hundred findings: " + entries.size());

    JsonNode again = json(SHARED, "--baseline", baseline.toString(), "corpus");
    assertEquals(0, again.get("findings").size(), again.get("findings").toString());
    assertEquals(0, again.get("baseline").get("fixed").size());
    assertTrue(again.get("baseline").get("known").asInt() >= entries.size());

    Path copy = dir.resolve("work");
    copyTree(SHARED.resolve(CASSANDRA), copy.resolve(CASSANDRA));
    assertEquals(0, json(copy, "--baseline", baseline.toString(), CASSANDRA).get("findings").size(), "the copy as it is");

    Path statefulSet = copy.resolve(STATEFULSET);
    String text = Files.readString(statefulSet);
    assertTrue(text.contains(READY_EXEC), "the corpus file changed: " + statefulSet);
    Files.writeString(statefulSet, text.replace(READY_EXEC, READY_UNDECLARED_PORT));
    JsonNode broken = json(copy, "--baseline", baseline.toString(), CASSANDRA);
    JsonNode fresh = broken.get("findings");
    assertEquals(1, fresh.size(), fresh.toString());
    assertEquals("probe-port-unresolved", fresh.get(0).get("rule").asText());
    assertEquals(STATEFULSET, fresh.get(0).get("file").asText());
    assertEquals("readinessProbe", fresh.get(0).get("probe").asText());
    int line = fresh.get(0).get("range").get("start").get("line").asInt();
    assertTrue(text.lines().toList().get(line).contains("readinessProbe"), "on the broken probe's key, line " + (line + 1));
    for (JsonNode fixed : broken.get("baseline").get("fixed")) {
      assertFalse(fixed.get("file").asText().startsWith(CASSANDRA + "/"), "only the folders left out of the copy are missing: " + fixed);
    }
  }

  @Test
  void baselineFileIsSortedStableAndFreeOfPositions() throws IOException {
    writeSeed();
    Files.writeString(dir.resolve("broken.yaml"), "a: [1, 2\n");
    assertEquals(0, Cli.check(dir, "--write-baseline", "b1.json", ".").code());
    assertEquals(0, Cli.check(dir, "--write-baseline", "sub/b2.json", ".").code());
    String text = Files.readString(dir.resolve("b1.json"));
    assertEquals(text, Files.readString(dir.resolve("sub/b2.json")), "the same findings give the same file");
    assertFalse(text.contains("\r"));
    assertTrue(text.endsWith("}\n"));
    assertFalse(text.contains("\"range\"") || text.contains("\"message\""), "nothing that moves with the text or the wording: " + text);
    JsonNode entries = JSON.readTree(text).get("findings");
    List<String> keys = new ArrayList<>();
    for (JsonNode e : entries) {
      keys.add(e.get("file").asText() + " " + e.get("rule").asText());
    }
    assertEquals(keys.stream().sorted().toList(), keys);
    JsonNode seed = entries.get(0);
    assertEquals("apps/web.yaml", seed.get("file").asText());
    assertEquals("Deployment.apps shop/web", seed.get("resource").asText());
    assertEquals("web", seed.get("container").asText());
    assertEquals("livenessProbe", seed.get("probe").asText());
    assertEquals("spec.template.spec.containers[web].livenessProbe", seed.get("path").asText());
    JsonNode syntax = entries.get(1);
    assertEquals("yaml-syntax-error", syntax.get("rule").asText());
    assertEquals("a: [1, 2", syntax.get("line").asText(), "a finding no YAML node anchors is located by its line's text");
  }

  @Test
  void unrelatedEditsKeepEveryFindingKnown() throws IOException {
    writeSeed();
    Files.writeString(dir.resolve("broken.yaml"), "a: [1, 2\n");
    assertEquals(0, Cli.check(dir, "--write-baseline", "baseline.json", ".").code());
    Path web = dir.resolve("apps/web.yaml");
    Files.writeString(web, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\n---\n"
        + Files.readString(web).replace("kind: Deployment", "kind: Deployment\n# owned by the shop team"));
    Files.writeString(dir.resolve("broken.yaml"), "# not ready yet\n\na: [1, 2\n");
    Cli.Run run = Cli.check(dir, "--baseline", "baseline.json", "--format", "json", ".");
    assertEquals(0, run.code(), run.out());
    JsonNode root = JSON.readTree(run.out());
    assertEquals(0, root.get("findings").size(), root.toString());
    assertEquals(2, root.get("baseline").get("known").asInt());
  }

  @Test
  void fixedEntriesAreReportedWithoutChangingTheExitStatus() throws IOException {
    baselineTheSeedThenEdit("\"false\"", "\"true\"");

    Cli.Run text = Cli.check(dir, "--baseline", "baseline.json", ".");
    assertEquals(0, text.code(), text.out());
    String summary = text.out().lines().filter(l -> l.startsWith("Baseline baseline.json:")).findFirst().orElseThrow(() -> new AssertionError(text.out()));
    assertTrue(summary.contains("0 known findings") && summary.contains("1 fixed"), summary);
    assertTrue(text.out().contains("fixed: apps/web.yaml  probe-blocked-by-strict-mtls"), text.out());

    JsonNode root = JSON.readTree(Cli.check(dir, "--baseline", "baseline.json", "--format", "json", ".").out());
    JsonNode fixed = root.get("baseline").get("fixed");
    assertEquals(1, fixed.size());
    assertEquals("probe-blocked-by-strict-mtls", fixed.get(0).get("rule").asText());
    assertEquals(1, fixed.get(0).get("count").asInt());

    Cli.Run github = Cli.check(dir, "--baseline", "baseline.json", "--format", "github", ".");
    assertEquals(0, github.code());
    assertTrue(github.out().startsWith("::notice title=Meshprobe baseline::1 finding(s)"), github.out());

    Cli.Run gitlab = Cli.check(dir, "--baseline", "baseline.json", "--format", "gitlab", ".");
    assertEquals(0, JSON.readTree(gitlab.out()).size(), "the report file holds only the report");
    assertTrue(gitlab.err().contains("1 fixed"), gitlab.err());
  }

  @Test
  void equalFingerprintsAreCountedNotCollapsed() throws IOException {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    String web = SeedManifests.WEB;
    String container = web.substring(web.lastIndexOf('\n', web.indexOf("- name: web")) + 1);
    Path file = dir.resolve("web.yaml");
    Files.writeString(file, web + container);
    assertEquals(0, Cli.check(dir, "--write-baseline", "baseline.json", ".").code());
    JsonNode entries = JSON.readTree(Files.readString(dir.resolve("baseline.json"))).get("findings");
    assertEquals(1, entries.size());
    assertEquals(2, entries.get(0).get("count").asInt());

    Files.writeString(file, web + container + container);
    JsonNode three = json(dir, "--baseline", "baseline.json", ".");
    assertEquals(1, three.get("findings").size(), "a third equal finding is new");
    assertEquals(2, three.get("baseline").get("known").asInt());

    Files.writeString(file, web);
    JsonNode one = json(dir, "--baseline", "baseline.json", ".");
    assertEquals(0, one.get("findings").size());
    assertEquals(1, one.get("baseline").get("fixed").get(0).get("count").asInt(), "one of the two is gone");
  }

  @Test
  void newFindingsFailTheRunAndChangedIdentityIsNew() throws IOException {
    baselineTheSeedThenEdit("name: web\n  namespace", "name: storefront\n  namespace");
    JsonNode root = JSON.readTree(Cli.check(dir, "--baseline", "baseline.json", "--format", "json", ".").out());
    assertNotEquals(0, root.get("findings").size(), "the renamed Deployment was not in the baseline: " + root);
    assertEquals(1, Cli.check(dir, "--baseline", "baseline.json", ".").code());
  }

  @Test
  void aMissingOrForeignBaselineIsAUsageError() throws IOException {
    writeSeed();
    Cli.Run missing = Cli.check(dir, "--baseline", "nope.json", ".");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("--write-baseline nope.json"), missing.err());
    Files.writeString(dir.resolve("bad.json"), "{\"findings\": [");
    assertEquals(2, Cli.check(dir, "--baseline", "bad.json", ".").code());
    Files.writeString(dir.resolve("other.json"), "{\"results\": []}");
    Cli.Run other = Cli.check(dir, "--baseline", "other.json", ".");
    assertEquals(2, other.code());
    assertTrue(other.err().contains("not a Meshprobe baseline"), other.err());
  }

  /** The seed with a baseline of it written, then {@code from} replaced by {@code to} in its Deployment. */
  private void baselineTheSeedThenEdit(String from, String to) throws IOException {
    writeSeed();
    assertEquals(0, Cli.check(dir, "--write-baseline", "baseline.json", ".").code());
    Path web = dir.resolve("apps/web.yaml");
    String text = Files.readString(web);
    assertTrue(text.contains(from), from);
    Files.writeString(web, text.replace(from, to));
  }

  private void writeSeed() throws IOException {
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.MESH);
    Files.createDirectories(dir.resolve("apps"));
    Files.writeString(dir.resolve("apps/web.yaml"), SeedManifests.WEB);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p)) {
          Files.copy(p, target);
        }
      }
    }
  }
}
