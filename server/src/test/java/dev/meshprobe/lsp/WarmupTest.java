package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up must run the real edit path on a manifest that gives findings, and stop when asked. */
class WarmupTest {
  @Test
  void scratchManifestHasProbeFindingsAndAPortOnEveryProbe() {
    String text = Warmup.manifest(8);
    Path root = Path.of("/meshprobe-warmup-test").toAbsolutePath();
    Path file = root.resolve("w.yaml");
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.openFile(file, text);
    List<Finding> findings = ws.lint(file);
    assertTrue(findings.stream().anyMatch(f -> f.rule().equals("probe-blocked-by-strict-mtls")), findings.toString());
    assertTrue(findings.stream().anyMatch(f -> f.rule().equals("probe-port-unresolved")), "the named port no container declares");
    assertEquals(16, Warmup.portDigits(text).size(), "two probes per app, each with a port to edit");
    for (int[] site : Warmup.portDigits(text)) {
      assertEquals('1', text.split("\n", -1)[site[0]].charAt(site[1]));
    }
  }

  @Test
  void scratchManifestHasRewriteAnnotationsToBreakAndMend() {
    String text = Warmup.manifest(8);
    assertTrue(text.split("rewriteAppHTTPProbers: \"false\"", -1).length > 2, "several pods with rewriting off");
  }

  @Test
  void runsTheRoundsItIsGivenAndStopsWhenAsked() {
    assertEquals(12, Warmup.run(12, () -> false));
    int[] asked = {0};
    assertEquals(3, Warmup.run(50, () -> ++asked[0] > 3));
  }

  @Test
  void endsWithAYoungCollectionWhereTheCollectorSaysSo() {
    long before = youngCollections();
    boolean collected = Warmup.collectYoungGeneration();
    if (before >= 0) {
      assertTrue(collected);
      assertTrue(youngCollections() > before, "a young collection happened");
    } else {
      assertFalse(collected);
    }
  }

  private static long youngCollections() {
    long n = -1;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().equals("Copy") || gc.getName().contains("Young") || gc.getName().contains("Scavenge")) {
        n = gc.getCollectionCount();
      }
    }
    return n;
  }

  @Test
  void canBeSwitchedOff() {
    String before = System.getProperty("meshprobe.warmup");
    try {
      System.setProperty("meshprobe.warmup", "false");
      assertFalse(Warmup.enabled());
      System.setProperty("meshprobe.warmup", "true");
      assertTrue(Warmup.enabled());
    } finally {
      if (before == null) {
        System.clearProperty("meshprobe.warmup");
      } else {
        System.setProperty("meshprobe.warmup", before);
      }
    }
  }
}
