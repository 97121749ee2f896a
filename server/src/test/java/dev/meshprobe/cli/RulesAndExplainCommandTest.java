package dev.meshprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshprobe rules} and {@code meshprobe explain RULE}. */
class RulesAndExplainCommandTest {
  private static final Path REPO = Path.of(System.getProperty("meshprobe.repo", ".")).toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void explainPrintsTheRulePageBundledInTheJar() throws IOException {
    for (String id : List.of("probe-blocked-by-strict-mtls", "yaml-duplicate-key")) {
      Cli.Run run = Cli.explain(id);
      assertEquals(0, run.code(), run.err());
      assertEquals(Files.readString(REPO.resolve("docs/rules/" + id + ".md")), run.out());
    }
  }

  @Test
  void explainOfAnUnknownRuleListsTheRulesAndSuggestsTheNearestOne() {
    Cli.Run typo = Cli.explain("probe-blocked-by-strict-mtl");
    assertEquals(2, typo.code());
    assertEquals("", typo.out());
    assertTrue(typo.err().contains("unknown rule `probe-blocked-by-strict-mtl`; did you mean probe-blocked-by-strict-mtls?"), typo.err());
    for (Rule r : Rules.all()) {
      assertTrue(typo.err().contains(r.id()), "lists " + r.id());
    }
    Cli.Run unknown = Cli.explain("no-such-thing");
    assertEquals(2, unknown.code());
    assertTrue(!unknown.err().contains("did you mean"), unknown.err());
    assertEquals(2, Cli.explain().code());
  }

  @Test
  void rulesListsEveryRuleWithItsDefaultSeverity() {
    Cli.Run run = Cli.rules(dir);
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("RULE") && !lines.get(0).contains("CONFIGURED"), lines.get(0));
    for (Rule r : Rules.all()) {
      String row = lines.stream().filter(l -> l.startsWith(r.id() + " ")).findFirst().orElseThrow(() -> new AssertionError(r.id()));
      assertEquals(r.defaultSeverity().id(), row.substring(r.id().length()).trim().split("\\s+")[0], row);
    }
  }

  @Test
  void rulesShowsWhatTheConfigurationSets() throws IOException {
    Files.writeString(dir.resolve(".meshprobe.yaml"), "rules:\n  tcp-probe-always-succeeds: error\n  probe-would-fail-under-strict-mtls: off\n");
    Cli.Run text = Cli.rules(dir);
    assertEquals(0, text.code(), text.err());
    String tcp = text.out().lines().filter(l -> l.startsWith("tcp-probe-always-succeeds ")).findFirst().orElseThrow();
    assertEquals(List.of("tcp-probe-always-succeeds", "warning", "error"), List.of(tcp.split("\\s+")).subList(0, 3));
    String wouldFail = text.out().lines().filter(l -> l.startsWith("probe-would-fail-under-strict-mtls ")).findFirst().orElseThrow();
    assertEquals(List.of("info", "off"), List.of(wouldFail.split("\\s+")).subList(1, 3));
    assertTrue(text.out().contains("Configured in .meshprobe.yaml"), text.out());

    Files.writeString(dir.resolve("strict.yaml"), "rules: {probe-port-unresolved: hint}\n");
    JsonNode json = new ObjectMapper().readTree(Cli.rules(dir, "--config", "strict.yaml", "--format", "json").out());
    assertEquals("strict.yaml", json.get("configuration").asText());
    for (JsonNode r : json.get("rules")) {
      String expected = r.get("id").asText().equals("probe-port-unresolved") ? "hint" : r.get("defaultSeverity").asText();
      assertEquals(expected, r.get("severity").asText(), r.toString());
    }
    assertEquals(Rules.all().size(), json.get("rules").size());
    assertEquals(2, Cli.rules(dir, "--config", "missing.yaml").code());
    assertEquals(2, Cli.rules(dir, "--format", "xml").code());
  }
}
