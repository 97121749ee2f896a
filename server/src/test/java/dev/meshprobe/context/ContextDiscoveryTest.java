package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.mesh.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which contexts a workspace holds and which files each one uses, without running any tool. */
class ContextDiscoveryTest {
  @TempDir
  Path dir;

  private Path write(String rel, String text) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p.toAbsolutePath().normalize();
  }

  private Contexts discover(ContextSettings settings) {
    return new ContextDiscovery(settings, SourceFiles.fromDisk()).discover(dir, Scenario.allFiles(dir));
  }

  private static Set<String> names(List<DeploymentContext> cs) {
    return cs.stream().map(DeploymentContext::name).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @Test
  void entriesAreKustomizationsNoOtherIncludesAndComponentsAreNone() throws IOException {
    Path base = write("base/kustomization.yaml", "resources: [deployment.yaml, https://github.com/org/repo//deploy?ref=v1]\n");
    Path deployment = write("base/deployment.yaml", "kind: Deployment\n");
    write("components/c/kustomization.yaml", "kind: Component\npatches:\n  - path: patch.yaml\n");
    Path patch = write("components/c/patch.yaml", "kind: Deployment\n");
    write("overlays/prod/kustomization.yml", "resources: [../../base]\ncomponents: [../../components/c]\nconfigMapGenerator:\n  - name: cfg\n    files: [app=settings.yaml]\n");
    Path settings = write("overlays/prod/settings.yaml", "a: b\n");
    Path stray = write("overlays/prod/notes.yaml", "kind: ConfigMap\n");
    write("overlays/qa/Kustomization", "bases: [../../base]\n");
    Contexts c = discover(ContextSettings.DEFAULT);
    assertEquals(Set.of("overlays/prod", "overlays/qa"), names(c.rendered()));
    assertEquals(Set.of("overlays/prod", "overlays/qa"), names(c.of(deployment)));
    assertEquals(Set.of("overlays/prod", "overlays/qa"), names(c.of(base)));
    assertEquals(Set.of("overlays/prod"), names(c.of(patch)));
    assertTrue(c.isUsedByRenderedContext(settings), "a generator's input is no manifest");
    assertFalse(c.isUsedByRenderedContext(stray), "a file no kustomization lists is applied by none of them");
    assertEquals(Set.of(stray), c.plain().files());
  }

  @Test
  void chartsAreRenderedWithTheirSubchartsUnlessReleasesAreConfigured() throws IOException {
    write("charts/shop/Chart.yaml", "name: shop\n");
    Path template = write("charts/shop/templates/deployment.yaml", "kind: Deployment\n");
    Path subTemplate = write("charts/shop/charts/db/templates/db.yaml", "kind: StatefulSet\n");
    write("charts/shop/charts/db/Chart.yaml", "name: db\n");
    Path prodValues = write("env/prod.yaml", "replicas: 3\n");
    write("charts/api/Chart.yaml", "name: api\n");
    Path plain = write("cluster/namespace.yaml", "kind: Namespace\n");
    ContextSettings settings = new ContextSettings(Setting.ofDefault(null), Setting.ofDefault(null), Setting.ofDefault(10),
        List.of(new dev.meshprobe.context.HelmRelease("charts/shop", "shop-prod", "shop", List.of("env/prod.yaml"), ".meshprobe.yaml"),
            new dev.meshprobe.context.HelmRelease("charts/shop", "shop-qa", null, List.of(), ".meshprobe.yaml"),
            new dev.meshprobe.context.HelmRelease("charts/missing", "x", null, List.of("env/none.yaml"), ".meshprobe.yaml")),
        List.of());
    Contexts c = discover(settings);
    assertEquals(Set.of("shop-prod", "shop-qa", "charts/api"), names(c.rendered()));
    assertEquals(Set.of("shop-prod", "shop-qa"), names(c.of(subTemplate)), "a subchart is rendered with its parent, never alone");
    assertEquals(Set.of("shop-prod", "shop-qa"), names(c.of(template)));
    assertEquals(Set.of("shop-prod"), names(c.of(prodValues)));
    HelmContext prod = (HelmContext) c.rendered().stream().filter(x -> x.name().equals("shop-prod")).findFirst().orElseThrow();
    assertEquals(new Setting<>("shop", ".meshprobe.yaml"), prod.namespace());
    HelmContext api = (HelmContext) c.rendered().stream().filter(x -> x.name().equals("charts/api")).findFirst().orElseThrow();
    assertEquals("release", api.release());
    assertEquals(Setting.ofDefault("default"), api.namespace(), "an unconfigured release's namespace is assumed");
    assertEquals(List.of("helm.releases[2].chart"), c.problems().stream().map(Contexts.Problem::keyPath).toList());
    assertEquals(Set.of(plain), c.plain().files());
  }

  @Test
  void declaredContextsTakeThePlainFilesTheirPathsMatch() throws IOException {
    Path prod = write("clusters/prod/app.yaml", "kind: Deployment\n");
    Path qa = write("clusters/qa/app.yaml", "kind: Deployment\n");
    Path entry = write("clusters/prod/overlay/kustomization.yaml", "resources: []\n");
    DeclaredContext declared = new DeclaredContext("prod", List.of("clusters/prod/**"), "shop", null, ".meshprobe.yaml");
    Contexts c = discover(new ContextSettings(Setting.ofDefault(null), Setting.ofDefault(null), Setting.ofDefault(10), List.of(),
        List.of(declared)));
    assertEquals(List.of("prod"), c.of(prod).stream().map(DeploymentContext::name).toList());
    assertEquals(new Setting<>("shop", ".meshprobe.yaml"), c.of(prod).get(0).namespace());
    assertEquals(Set.of(qa), c.plain().files());
    assertEquals(declared, c.of(entry).get(0).declared(), "an entry under a declared context's paths falls under it");
  }
}
