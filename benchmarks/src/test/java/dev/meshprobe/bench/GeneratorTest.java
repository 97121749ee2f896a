package dev.meshprobe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  @Test
  void theBenchmarkFileHasExactlyItsLinesAndDocumentsAndIsTheSameForASeed() {
    String a = ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED);
    assertEquals(a, ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED));
    assertEquals(13_000, a.split("\n", -1).length - 1);
    YamlFile f = new YamlParser().parse(a);
    assertEquals(400, f.documents().size());
    for (YamlDocument d : f.documents()) {
      assertFalse(d.hasSyntaxError(), () -> "syntax error in document " + d.index() + ":\n" + d.text());
    }
    assertFalse(a.equals(ManifestGenerator.generate(1)));
  }

  @Test
  void itHasEveryProbeHandlerAndTheDocumentsThatDecideVerdicts() {
    String a = ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED);
    for (String s : List.of("httpGet:", "tcpSocket:", "grpc:", "exec:", "livenessProbe:", "readinessProbe:", "startupProbe:",
        "kind: Service\n", "kind: ConfigMap\n", "kind: Namespace\n", "kind: PeerAuthentication\n", "kind: StatefulSet\n",
        "rewriteAppHTTPProbers: \"false\"", "port: http\n", "scheme: HTTPS")) {
      assertTrue(a.contains(s), s);
    }
    assertTrue(Sites.probePortDigits(a).size() > 150);
    assertTrue(Sites.probeKeys(a).size() > 200);
    assertEquals(30, Sites.editPlan(a, 30).size());
    // The verdict edits break and mend a pod's rewrite annotation: 15 pods for 30 edits, each at its "false".
    List<Sites.Site> rewrites = Sites.rewriteFalseLetters(a);
    assertTrue(rewrites.size() >= 15, "pods with rewriting off: " + rewrites.size());
    String[] lines = a.split("\n", -1);
    for (Sites.Site s : rewrites) {
      assertEquals('e', a.charAt(s.offset()));
      assertEquals('e', lines[s.line()].charAt(s.character()));
      assertTrue(lines[s.line()].startsWith("        sidecar.istio.io/rewriteAppHTTPProbers"), "a pod template's annotation: " + lines[s.line()]);
    }
  }

  @Test
  void theFileHasFindingsOfSeveralRules(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("generated.yaml").toAbsolutePath();
    Files.writeString(p, ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED));
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    List<Finding> findings = ws.lint(p);
    Set<String> rules = new HashSet<>();
    findings.forEach(x -> rules.add(x.rule()));
    assertTrue(findings.size() > 50, "findings: " + findings.size());
    assertTrue(rules.contains("probe-blocked-by-strict-mtls"), rules::toString);
    assertTrue(rules.size() >= 4, rules::toString);
    assertFalse(rules.contains("yaml-syntax-error"), rules::toString);
  }

  @Test
  void aSmallWorkspaceIsWrittenOnceAndParses(@TempDir Path dir) throws Exception {
    Path ws = dir.resolve("ws");
    var first = WorkspaceGenerator.generate(ws, 3, 100, 2L * 1024 * 1024);
    assertFalse(first.reused());
    assertTrue(Math.abs(first.bytes() - 2L * 1024 * 1024) < 400 * 1024, "bytes: " + first.bytes());
    var again = WorkspaceGenerator.generate(ws, 3, 100, 2L * 1024 * 1024);
    assertTrue(again.reused());
    List<Path> files;
    try (Stream<Path> s = Files.walk(ws)) {
      files = s.filter(x -> x.toString().endsWith(".yaml")).toList();
    }
    assertEquals(100, files.size());
    YamlParser parser = new YamlParser();
    for (Path f : files) {
      for (YamlDocument d : parser.parse(Files.readString(f)).documents()) {
        assertFalse(d.hasSyntaxError(), () -> f + ": " + d.text());
      }
    }
  }
}
