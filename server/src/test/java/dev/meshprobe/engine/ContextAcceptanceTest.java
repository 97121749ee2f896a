package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance, on the deployment-context scenarios with the real helm and kubectl: a base two
 * overlays use, one of which turns probe rewriting off in a patch; a chart whose probe and rewrite
 * annotation come from values; tools that are missing, fail or hang.
 */
class ContextAcceptanceTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  private static Path scenario(String name) {
    return ContextScenario.root().resolve(name).toAbsolutePath().normalize();
  }


  /** The 1-based line and the text a span starts with, as a user finds it. */
  private static String at(Workspace ws, dev.meshprobe.k8s.SourceRef ref) throws IOException {
    String text = Files.readString(Path.of(ref.file()));
    SourceText st = new SourceText(text);
    return Path.of(ref.file()).getFileName() + ":" + (st.position(ref.start()).line() + 1) + " " + text.substring(ref.start(), ref.end());
  }

  @Test
  void aPatchInOneOfTwoOverlaysBreaksTheBaseProbeThereOnly() throws IOException {
    Path s = scenario("overlays_differ_only_in_patch");
    Workspace ws = ContextWorkspaces.rendered(s);
    List<Finding> blocked = ContextWorkspaces.findings(ws).stream().filter(f -> f.rule().equals("probe-blocked-by-strict-mtls")).toList();
    assertEquals(1, blocked.size(), blocked::toString);
    Finding f = blocked.get(0);
    assertEquals(s.resolve("base/deployment.yaml").toString(), f.where().file());
    assertEquals("deployment.yaml:22 livenessProbe", at(ws, f.where()));
    assertEquals(List.of("overlays/prod"), f.contexts());
    assertTrue(f.message().endsWith(", in overlays/prod."), f.message());
    List<String> facts = new ArrayList<>();
    for (Finding.Related r : f.related()) {
      facts.add(at(ws, r.where()));
    }
    assertTrue(facts.contains("rewrite-off.yaml:12 sidecar.istio.io/rewriteAppHTTPProbers"), facts::toString);

    // The base alone (with the cluster's policy and namespace), and the patch alone, decide nothing.
    for (String alone : List.of("base", "overlays/prod/rewrite-off.yaml")) {
      Workspace only = new Workspace(List.of(s.resolve(alone), s.resolve("cluster")), Log.SILENT);
      only.contexts().environment(TestTools.pathEnv());
      only.indexFolders();
      only.contexts().renderAll(2);
      assertEquals(List.of(), ContextWorkspaces.findings(only).stream().filter(x -> !x.rule().equals("resource-defined-twice")).toList(), alone);
    }
  }

  /**
   * A kustomization that fails to render (it lists a file that is not there: a partial checkout) says
   * why; its resources are linted as plain files, but its patch is still no object of its own: a
   * misplaced label in the patch of a Deployment is not reported as if the patch were applied alone.
   */
  @Test
  void aFailedKustomizationsPatchIsNeverAnObject() throws IOException {
    Path app = Files.createDirectories(dir.resolve("config/default"));
    Files.writeString(app.resolve("kustomization.yaml"), "resources:\n  - deployment.yaml\n  - ../crd\npatches:\n  - path: label-patch.yaml\n");
    String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\n  labels:\n    sidecar.istio.io/inject: \"false\"\n"
        + "spec:\n  selector:\n    matchLabels: {app: manager}\n  template:\n    metadata:\n      labels: {app: manager}\n"
        + "    spec:\n      containers:\n        - name: manager\n          image: manager\n";
    Files.writeString(app.resolve("deployment.yaml"), deployment);
    // As kubebuilder scaffolds it: the patch carries the pod template it changes.
    Files.writeString(app.resolve("label-patch.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\n"
        + "  labels:\n    sidecar.istio.io/inject: \"false\"\nspec:\n  template:\n    spec:\n      containers:\n      - name: manager\n"
        + "        args: [--leader-elect]\n");
    Workspace ws = ContextWorkspaces.rendered(dir);
    List<Finding> findings = ContextWorkspaces.findings(ws);
    List<String> seen = findings.stream().map(f -> Path.of(f.where().file()).getFileName() + " " + f.rule()).sorted().toList();
    assertEquals(List.of("deployment.yaml istio-annotation-misplaced", "kustomization.yaml file-not-analysed"), seen, findings::toString);
    Finding failed = findings.stream().filter(f -> f.rule().equals("file-not-analysed")).findFirst().orElseThrow();
    assertTrue(failed.message().contains("resource ../crd is listed but not there"), failed.message());
  }

  @Test
  void aChartProbeIsReportedOnTheTemplateAndItsValuesOnTheValuesLines() throws IOException {
    Path s = scenario("chart_probe_from_values_toyaml");
    Workspace ws = ContextWorkspaces.rendered(s);
    List<Finding> findings = ContextWorkspaces.findings(ws);
    Finding web = findings.stream().filter(f -> f.subject().name() != null && f.subject().name().equals("release-web")).findFirst().orElseThrow();
    assertEquals("deployment.yaml:23 livenessProbe", at(ws, web.where()));
    List<String> facts = new ArrayList<>();
    for (Finding.Related r : web.related()) {
      facts.add(at(ws, r.where()));
    }
    assertTrue(facts.contains("values.yaml:3 sidecar.istio.io/rewriteAppHTTPProbers"), facts::toString);
    Finding worker = findings.stream().filter(f -> "release-worker".equals(f.subject().name())).findFirst().orElseThrow();
    assertEquals("values.yaml:16 readinessProbe", at(ws, worker.where()));
    // A template is no manifest: never a syntax error, in any chart of the scenarios.
    for (ContextScenario sc : ContextScenario.all()) {
      for (Finding f : ContextWorkspaces.findings(ContextWorkspaces.rendered(sc.folder()))) {
        assertTrue(!f.rule().equals("yaml-syntax-error"), sc + ": " + f);
      }
    }
  }

  private Path write(String rel, String text) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** A kustomization whose pod's probe STRICT mTLS breaks, and a chart, with {@code config} as the configuration. */
  private Workspace toolsWorkspace(String config) throws IOException {
    write(".meshprobe.yaml", config);
    write("app/kustomization.yaml", "namespace: shop\nresources:\n  - web.yaml\n");
    write("app/web.yaml", dev.meshprobe.SeedManifests.WEB.replace("  namespace: shop\n", ""));
    write("cluster/mesh.yaml", "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: istio-system\n"
        + "spec:\n  mtls:\n    mode: STRICT\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n");
    write("chart/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
    write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.contexts().environment(TestTools.pathEnv());
    ws.indexFolders();
    ws.contexts().renderAll(2);
    return ws;
  }

  @Test
  void withoutTheToolsEachEntryAndChartSaysWhatIsMissingAndTheRestIsLintedAsBefore() throws IOException {
    Workspace rendered = toolsWorkspace("istio: {version: \"1.30\"}\n");
    Workspace missing = toolsWorkspace("tools:\n  helm: /nonexistent/helm\n  kustomize: /nonexistent/kustomize\n");
    List<Finding> notAnalysed = ContextWorkspaces.findings(missing).stream().filter(f -> f.rule().equals("file-not-analysed")).toList();
    assertEquals(2, notAnalysed.size(), notAnalysed::toString);
    for (Finding f : notAnalysed) {
      boolean chart = f.where().file().endsWith("Chart.yaml");
      assertTrue(f.where().file().endsWith(chart ? "chart/Chart.yaml" : "app/kustomization.yaml"), f.toString());
      assertTrue(f.message().contains(chart ? "helm was not found at /nonexistent/helm" : "kustomize was not found at /nonexistent/kustomize")
          && f.message().contains(chart ? "tools.helm" : "tools.kustomize"), f.message());
      assertEquals(0, f.where().start());
      assertEquals("INFO", f.severity().name());
    }
    // The kustomization's files are linted as plain files, as without contexts: the same probe finding.
    Path web = dir.resolve("app/web.yaml");
    List<String> plain = missing.lint(web).stream().map(f -> f.rule() + " " + f.where().start() + " " + f.message()).toList();
    List<String> inContext = rendered.lint(web).stream().map(f -> f.rule() + " " + f.where().start() + " " + f.message()).toList();
    assertEquals(1, plain.size(), plain::toString);
    assertEquals(inContext, plain);
    assertTrue(missing.lint(web).get(0).contexts().isEmpty());
    assertEquals(List.of("app"), rendered.lint(web).get(0).contexts());
  }

  @Test
  void aRenderThatTakesTooLongIsStoppedAndSaysWhichSettingToRaise() throws IOException {
    Path helm = write("bin/helm", "#!/bin/sh\n/bin/sleep 30\n");
    Files.setPosixFilePermissions(helm, PosixFilePermissions.fromString("rwxr-xr-x"));
    Workspace ws = toolsWorkspace("tools:\n  helm: " + helm + "\n  timeoutSeconds: 1\n");
    List<Finding> f = ws.lint(dir.resolve("chart/Chart.yaml"));
    assertEquals(1, f.size(), f::toString);
    assertEquals("This chart was not analysed: helm did not finish within 1 s and was stopped; raise tools.timeoutSeconds if it needs longer.",
        f.get(0).message());
  }

  @Test
  void aReleaseWhoseChartIsNotThereIsReportedAtItsKey() throws IOException {
    String config = "helm:\n  releases:\n    - chart: charts/gone\n      name: gone\n";
    Workspace ws = toolsWorkspace(config);
    List<Finding> f = ws.lint(dir.resolve(".meshprobe.yaml"));
    assertEquals(1, f.size(), f::toString);
    assertEquals("configuration-invalid", f.get(0).rule());
    assertEquals("Setting not used: charts/gone holds no Chart.yaml, so release gone cannot be rendered.", f.get(0).message());
    assertEquals(config.indexOf("chart: charts/gone"), f.get(0).where().start());
  }
}
