package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe port the sidecar does not intercept passes whatever the mTLS mode, and the hover and the inlay
 * hint say why, with where it was decided: the pod's {@code sidecar.istio.io/interceptionMode: NONE}
 * (seen), or Istio 1.2 and older intercepting only the declared container ports (the version's default).
 */
class PortCaptureExplanationTest {
  @TempDir Path repo;

  /** The seed's namespace and STRICT policy (Istio 1.5 and later), and a STRICT MeshPolicy for the older releases. */
  private static final String MESH = SeedManifests.MESH + """
      ---
      apiVersion: authentication.istio.io/v1alpha1
      kind: MeshPolicy
      metadata:
        name: default
      spec:
        peers:
          - mtls: {}
      """;

  private static String deployment(String annotations, int declared, int probed) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
              annotations:
                sidecar.istio.io/rewriteAppHTTPProbers: "false"
        %s
            spec:
              containers:
                - name: web
                  image: web:1
                  ports:
                    - containerPort: %d
                  livenessProbe:
                    httpGet: {path: /healthz, port: %d}
        """.formatted(annotations, declared, probed);
  }

  private Workspace workspace(String config, String web) throws IOException {
    Files.writeString(repo.resolve("mesh.yaml"), MESH);
    Files.writeString(repo.resolve("web.yaml"), web);
    if (config != null) {
      Files.writeString(repo.resolve(".meshprobe.yaml"), config);
    }
    Workspace ws = new Workspace(List.of(repo), Log.SILENT);
    ws.indexFolders();
    return ws;
  }

  private static int lineOf(String text, String fragment) {
    int i = text.indexOf(fragment);
    assertTrue(i >= 0, fragment);
    return (int) text.substring(0, i).lines().count() + (text.substring(0, i).endsWith("\n") ? 1 : 0);
  }

  @Test
  void interceptionModeNoneLeavesThePortToTheAppAndTheHoverPointsAtTheAnnotation() throws IOException {
    String web = deployment("        sidecar.istio.io/interceptionMode: \"NONE\"", 8080, 8080);
    Workspace ws = workspace(null, web);
    Path file = repo.resolve("web.yaml");
    assertEquals(List.of(), ws.lint(file).stream().map(Finding::rule).toList(), "the probe never meets the sidecar");

    Explainer explainer = new Explainer(ws);
    String hover = explainer.hover(file, web.indexOf("livenessProbe") + 2, new Explainer.Style(Markup.PLAIN, r -> null, false)).text();
    assertTrue(hover.contains("bypasses the sidecar"), hover);
    assertTrue(hover.contains("interceptionMode: \"NONE\""), "the deciding annotation: " + hover);
    assertTrue(hover.contains("web.yaml:" + lineOf(web, "interceptionMode")), "where it is: " + hover);

    List<Explainer.Hint> hints = explainer.hints(file);
    assertEquals(List.of("✓ port not intercepted"), hints.stream().map(Explainer.Hint::label).toList());
    assertTrue(hints.get(0).tooltip().contains("web.yaml:" + lineOf(web, "interceptionMode")), hints.get(0).tooltip());
  }

  @Test
  void istioOneTwoInterceptsOnlyTheDeclaredPorts() throws IOException {
    String web = deployment("", 8080, 8081);
    Workspace ws = workspace("istio: {version: \"1.2\"}\n", web);
    Path file = repo.resolve("web.yaml");
    assertEquals(List.of(), ws.lint(file).stream().map(Finding::rule).toList(), "port 8081 is not declared, so not intercepted");

    Explainer explainer = new Explainer(ws);
    String hover = explainer.hover(file, web.indexOf("livenessProbe") + 2, new Explainer.Style(Markup.PLAIN, r -> null, false)).text();
    assertTrue(hover.contains("Istio 1.2 intercepts only the ports the pod's containers declare"), hover);
    List<Explainer.Hint> hints = explainer.hints(file);
    assertEquals(List.of("✓ port not intercepted"), hints.stream().map(Explainer.Hint::label).toList(),
        "a version default, but not the sidecar's own port");

    // The same probe on the declared port is intercepted, and STRICT rejects it.
    Files.writeString(file, deployment("", 8080, 8080));
    Workspace declared = workspace("istio: {version: \"1.2\"}\n", deployment("", 8080, 8080));
    List<Finding> findings = declared.lint(file);
    assertEquals(List.of("probe-blocked-by-strict-mtls"), findings.stream().map(Finding::rule).toList());
    assertTrue(findings.get(0).notes().stream().anyMatch(n -> n.contains("port 8080 among them")), findings.get(0).notes().toString());
    assertFalse(findings.get(0).notes().stream().anyMatch(n -> n.contains("every inbound port")), findings.get(0).notes().toString());
  }
}
