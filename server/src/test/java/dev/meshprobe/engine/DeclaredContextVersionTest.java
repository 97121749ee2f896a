package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declared context's {@code istio: {version}} decides the verdicts of its files (DESIGN §4, §9); the
 * other files keep the workspace's version, and editor settings or flags win over the context's.
 */
class DeclaredContextVersionTest {
  @TempDir
  Path dir;

  /** The seed's Deployment with rewriting left to the version's default: Istio 1.5 does not rewrite, 1.30 does. */
  private static final String WEB = SeedManifests.WEB.replace("      annotations:\n        sidecar.istio.io/rewriteAppHTTPProbers: \"false\"\n", "");

  private Workspace workspace() throws IOException {
    Files.writeString(dir.resolve(".meshprobe.yaml"), "contexts:\n  - name: legacy\n    paths: [\"legacy/**\"]\n    istio: {version: \"1.5\"}\n");
    Files.createDirectories(dir.resolve("legacy"));
    Files.createDirectories(dir.resolve("current"));
    // security.istio.io/v1beta1: the version Istio 1.5 serves (v1 came with 1.22).
    Files.writeString(dir.resolve("mesh.yaml"), SeedManifests.NAMESPACE + "---\n" + SeedManifests.STRICT.replace("namespace: shop", "namespace: istio-system")
        .replace("security.istio.io/v1", "security.istio.io/v1beta1"));
    Files.writeString(dir.resolve("legacy/web.yaml"), WEB);
    Files.writeString(dir.resolve("current/web.yaml"), WEB);
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    return ws;
  }

  @Test
  void theFilesOfADeclaredContextAreDecidedWithItsVersion() throws IOException {
    Workspace ws = workspace();
    assertTrue(WEB.contains("livenessProbe") && !WEB.contains("rewriteAppHTTPProbers"));
    List<Finding> legacy = ws.lint(dir.resolve("legacy/web.yaml"));
    assertEquals(1, legacy.size(), legacy::toString);
    assertEquals("probe-blocked-by-strict-mtls", legacy.get(0).rule());
    assertTrue(legacy.get(0).message().contains("Istio 1.5 does not rewrite probes by default"), legacy.get(0).message());
    assertEquals(List.of(), ws.lint(dir.resolve("current/web.yaml")));
    assertEquals("context legacy in .meshprobe.yaml", ws.layout().configFor(dir.resolve("legacy/web.yaml")).mesh().version().source());
  }

  @Test
  void editorSettingsWinOverTheContextsVersion() throws IOException {
    Workspace ws = workspace();
    ws.setEditorSettings(Map.of("istio", Map.of("version", "1.30")));
    assertEquals(List.of(), ws.lint(dir.resolve("legacy/web.yaml")));
  }
}
