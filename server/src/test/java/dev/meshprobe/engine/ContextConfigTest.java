package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.context.ContextSettings;
import dev.meshprobe.context.DeclaredContext;
import dev.meshprobe.context.HelmRelease;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools}, {@code helm.releases} and {@code contexts} in {@code .meshprobe.yaml} (DESIGN §4, §9):
 * read into the configuration, and each bad value reported as {@code configuration-invalid} at its key,
 * the good ones kept.
 */
class ContextConfigTest {
  @TempDir
  Path dir;

  private Workspace workspace(String config) throws IOException {
    Files.writeString(dir.resolve(".meshprobe.yaml"), config);
    Files.writeString(dir.resolve("app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    return ws;
  }

  @Test
  void validKeysAreRead() throws IOException {
    for (String chart : List.of("deploy/charts/payments", "deploy/charts/web")) {
      Files.createDirectories(dir.resolve(chart));
      Files.writeString(dir.resolve(chart).resolve("Chart.yaml"), "apiVersion: v2\nname: x\nversion: 0.1.0\n");
      Files.writeString(dir.resolve(chart).resolve("values-prod.yaml"), "replicas: 2\n");
    }
    Workspace ws = workspace("""
        tools:
          helm: /opt/helm/bin/helm
          kustomize: kubectl
          timeoutSeconds: 30
        helm:
          releases:
            - chart: deploy/charts/payments
              name: payments
              namespace: payments
              values: [deploy/charts/payments/values-prod.yaml]
            - chart: deploy/charts/web
              name: web
              values: deploy/charts/web/values-prod.yaml
        contexts:
          - name: prod
            paths: ["clusters/prod/**", "apps/**"]
            namespace: shop
            istio: {version: "1.24"}
        """);
    assertEquals(List.of(), ws.lint(dir.resolve(".meshprobe.yaml")));
    ContextSettings c = ws.layout().workspaceConfig().contexts();
    assertEquals("/opt/helm/bin/helm", c.helm().value());
    assertEquals("kubectl", c.kustomize().value());
    assertEquals(".meshprobe.yaml", c.kustomize().source());
    assertEquals(30, c.timeoutSeconds().value());
    assertEquals(List.of(
        new HelmRelease("deploy/charts/payments", "payments", "payments", List.of("deploy/charts/payments/values-prod.yaml"), ".meshprobe.yaml"),
        new HelmRelease("deploy/charts/web", "web", null, List.of("deploy/charts/web/values-prod.yaml"), ".meshprobe.yaml")), c.releases());
    assertEquals(List.of(new DeclaredContext("prod", List.of("clusters/prod/**", "apps/**"), "shop", IstioVersion.parse("1.24"), ".meshprobe.yaml")),
        c.declared());
  }

  @Test
  void withoutConfigurationToolsComeFromThePathWithTenSeconds() throws IOException {
    ContextSettings c = workspace("istio: {version: \"1.24\"}\n").layout().workspaceConfig().contexts();
    assertEquals(null, c.helm().value());
    assertEquals(null, c.kustomize().value());
    assertEquals(10, c.timeoutSeconds().value());
    assertEquals(List.of(), c.releases());
  }

  @Test
  void eachBadValueIsReportedAtItsKeyAndTheRestApplies() throws IOException {
    String config = """
        tools:
          helm: {path: /opt/helm}
          timeoutSeconds: 0
          kubectl: /usr/bin/kubectl
        helm:
          releases:
            - chart: charts/a
              name: Payments_Prod
            - name: no-chart
            - chart: charts/b
              name: b
              namespace: shop
              values: [{file: x}]
            - chart: charts/c
              name: c
          charts: []
        contexts:
          - name: prod
          - paths: ["a/**"]
          - name: qa
            paths: ["qa/**"]
            istio: {version: two, profile: demo}
          - name: dev
            paths: ["dev/**"]
        """;
    Workspace ws = workspace(config);
    List<Finding> findings = ws.lint(dir.resolve(".meshprobe.yaml"));
    for (Finding f : findings) {
      assertEquals("configuration-invalid", f.rule());
    }
    Map<String, String> at = Map.ofEntries(
        Map.entry("helm: {path", "tools.helm"),
        Map.entry("timeoutSeconds", "tools.timeoutSeconds"),
        Map.entry("kubectl:", "unknown key kubectl under tools"),
        Map.entry("name: Payments_Prod", "release name"),
        Map.entry("- name: no-chart", "needs chart"),
        Map.entry("values: [{file", "must be a list of paths"),
        Map.entry("charts: []", "expected releases"),
        Map.entry("- name: prod", "needs paths"),
        Map.entry("- paths: [\"a/**\"]", "needs name"),
        Map.entry("version: two", "Istio 1.x version"),
        Map.entry("profile: demo", "expected version"),
        // Read well, but discovery finds no chart there.
        Map.entry("chart: charts/c", "charts/c holds no Chart.yaml, so release c cannot be rendered"));
    assertEquals(at.size(), findings.size(), findings.toString());
    for (Map.Entry<String, String> e : at.entrySet()) {
      int where = config.indexOf(e.getKey());
      assertTrue(findings.stream().anyMatch(f -> Math.abs(f.where().start() - where) <= 4 && f.message().toLowerCase(java.util.Locale.ROOT).contains(e.getValue().toLowerCase(java.util.Locale.ROOT))),
          "no finding near `" + e.getKey() + "` saying " + e.getValue() + ": " + findings);
    }
    ContextSettings c = ws.layout().workspaceConfig().contexts();
    assertEquals(10, c.timeoutSeconds().value());
    assertEquals(null, c.helm().value());
    assertEquals(List.of("c"), c.releases().stream().map(HelmRelease::name).toList());
    assertEquals(List.of("dev"), c.declared().stream().map(DeclaredContext::name).toList());
  }
}
