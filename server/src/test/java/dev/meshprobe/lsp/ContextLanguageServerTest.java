package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.engine.ContextWorkspaces;
import dev.meshprobe.fixtures.ContextScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Helm chart in the editor: the template's finding appears once the chart is rendered, follows edits
 * above it, goes when the values file is edited (unsaved) and comes back when the edit is undone; the
 * quick fix edits values.yaml; a save renders again; a missing helm shows in the status.
 */
class ContextLanguageServerTest {
  @TempDir
  Path root;

  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  private static final String RULE = "probe-blocked-by-strict-mtls";

  private void copyScenario(String name) {
    ContextWorkspaces.copy(ContextScenario.root().resolve(name), root);
  }

  private static boolean has(List<Diagnostic> ds, String rule) {
    return ds.stream().anyMatch(d -> rule.equals(d.getCode().getLeft()));
  }

  @Test
  void aChartTemplateShowsItsFindingAndFollowsEditsOfItsValues() throws Exception {
    copyScenario("chart_probe_from_values_toyaml");
    Path template = root.resolve("chart/templates/deployment.yaml");
    Path values = root.resolve("chart/values.yaml");
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(template, Files.readString(template));
      List<Diagnostic> ds = editor.awaitDiagnostics(template, d -> has(d, RULE));
      Diagnostic d = ds.stream().filter(x -> RULE.equals(x.getCode().getLeft())).findFirst().orElseThrow();
      assertEquals("livenessProbe", editor.covered(template, d));
      assertTrue(d.getRelatedInformation().stream().anyMatch(r -> r.getLocation().getUri().endsWith("chart/values.yaml")
          && r.getLocation().getRange().getStart().getLine() == 2), d.getRelatedInformation()::toString);

      // Typing above the key moves the finding with it, before any render.
      int line = d.getRange().getStart().getLine();
      editor.replace(template, "spec:\n  selector:", "spec:\n  # the web tier\n  selector:");
      ds = editor.awaitDiagnostics(template, x -> x.stream().anyMatch(y -> RULE.equals(y.getCode().getLeft())
          && y.getRange().getStart().getLine() == line + 1));
      Diagnostic moved = ds.stream().filter(x -> RULE.equals(x.getCode().getLeft())).findFirst().orElseThrow();
      assertEquals("livenessProbe", editor.covered(template, moved));

      // The quick fix on the template edits values.yaml.
      CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(template.toUri().toString()), moved.getRange(),
          new CodeActionContext(List.of(moved)));
      List<Either<Command, CodeAction>> actions = editor.server.getTextDocumentService().codeAction(params).get(10, TimeUnit.SECONDS);
      CodeAction preferred = actions.stream().map(Either::getRight).filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).findFirst().orElseThrow();
      assertEquals("Enable Istio probe rewrite for this pod in values.yaml", preferred.getTitle());
      CodeAction resolved = editor.server.getTextDocumentService().resolveCodeAction(preferred).get(10, TimeUnit.SECONDS);
      assertTrue(resolved.getEdit().getChanges().containsKey(values.toUri().toString()), resolved.getEdit()::toString);

      // Unsaved: the values file edited in the editor is rendered as typed, once typing pauses.
      editor.open(values, Files.readString(values));
      editor.replace(values, "rewriteAppHTTPProbers: \"false\"", "rewriteAppHTTPProbers: \"true\"");
      editor.awaitDiagnostics(template, x -> !has(x, RULE));
      editor.replace(values, "rewriteAppHTTPProbers: \"true\"", "rewriteAppHTTPProbers: \"false\"");
      editor.awaitDiagnostics(template, x -> has(x, RULE));

      // Saved: written to disk, then rendered again from disk.
      String fixed = editor.text(values).replace("rewriteAppHTTPProbers: \"false\"", "rewriteAppHTTPProbers: \"true\"");
      editor.replace(values, "rewriteAppHTTPProbers: \"false\"", "rewriteAppHTTPProbers: \"true\"");
      Files.writeString(values, fixed);
      editor.server.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(values.toUri().toString())));
      editor.awaitDiagnostics(template, x -> !has(x, RULE));
    }
  }

  @Test
  void anUntrustedWorkspaceRunsNoToolItsOwnConfigurationNames() throws Exception {
    copyScenario("chart_probe_from_values_toyaml");
    Path marker = root.resolve("ran");
    Path script = root.resolve("bin/helm");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho ran > " + marker + "\nexit 1\n");
    script.toFile().setExecutable(true);
    Files.writeString(root.resolve(".meshprobe.yaml"), Files.readString(root.resolve(".meshprobe.yaml")) + "tools:\n  helm: bin/helm\n");
    Path template = root.resolve("chart/templates/deployment.yaml");
    try (LspHarness editor = new LspHarness(root, Map.of("meshprobe", Map.of("untrustedWorkspace", true)), false)) {
      editor.open(template, Files.readString(template));
      // The helm on the PATH renders the chart instead.
      editor.awaitDiagnostics(template, d -> has(d, RULE));
      assertTrue(!Files.exists(marker), "the workspace's own bin/helm ran");
    }
    try (LspHarness editor = new LspHarness(root, null, false)) {
      Path chart = root.resolve("chart/Chart.yaml");
      editor.open(chart, Files.readString(chart));
      editor.awaitDiagnostics(chart, d -> has(d, "file-not-analysed"));
      assertTrue(Files.exists(marker), "a trusted workspace's configured helm runs");
    }
  }

  @Test
  void aMissingHelmIsReportedOnChartYamlAndInTheStatusWithItsSetting() throws Exception {
    copyScenario("chart_probe_from_values_toyaml");
    Path chart = root.resolve("chart/Chart.yaml");
    try (LspHarness editor = new LspHarness(root, Map.of("meshprobe", Map.of("tools", Map.of("helm", "/nonexistent/helm"))), false)) {
      editor.open(chart, Files.readString(chart));
      List<Diagnostic> ds = editor.awaitDiagnostics(chart, d -> has(d, "file-not-analysed"));
      assertTrue(ds.get(0).getMessage().contains("helm was not found at /nonexistent/helm"), ds.get(0).getMessage());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && editor.statuses.stream().noneMatch(s -> s.missingTools() != null && !s.missingTools().isEmpty())) {
        Thread.sleep(10);
      }
      MeshprobeClient.StatusParams last = editor.statuses.get(editor.statuses.size() - 1);
      assertEquals("ready", last.state());
      assertEquals(1, last.missingTools().size(), editor.statuses::toString);
      assertTrue(last.missingTools().get(0).contains("tools.helm"), last.missingTools()::toString);
    }
  }

  @Test
  void aFileOfAKustomizationOpenedWhileTheFirstIndexRunsGetsNoPlainFindingsMeanwhile() throws Exception {
    // As a plain manifest the Deployment's probe is blocked; its overlay turns the rewrite on, so its one
    // context finds nothing. A plain copy of it, opened at the same time, is linted provisionally.
    Files.createDirectories(root.resolve("base"));
    Files.createDirectories(root.resolve("overlays/prod"));
    Files.createDirectories(root.resolve("plain"));
    Files.writeString(root.resolve("mesh.yaml"), dev.meshprobe.SeedManifests.MESH);
    Path base = Files.writeString(root.resolve("base/web.yaml"), dev.meshprobe.SeedManifests.WEB);
    Files.writeString(root.resolve("base/kustomization.yaml"), "resources:\n  - web.yaml\n");
    Files.writeString(root.resolve("overlays/prod/kustomization.yaml"),
        "resources:\n  - ../../base\ncommonAnnotations:\n  sidecar.istio.io/rewriteAppHTTPProbers: \"true\"\n");
    Path plain = Files.writeString(root.resolve("plain/web.yaml"), dev.meshprobe.SeedManifests.WEB);
    // The index waits until both didOpens are in, so that they come while it runs.
    try (LspHarness editor = new LspHarness(root, null, false, server -> server.session.beforeFirstIndex = () -> {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.session.handedOver() < 2 && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    })) {
      editor.open(base, Files.readString(base));
      editor.open(plain, Files.readString(plain));
      editor.awaitReady();
      List<Object> received = List.copyOf(editor.received);
      boolean ready = false;
      boolean plainProvisional = false;
      for (Object o : received) {
        if (o instanceof MeshprobeClient.StatusParams s && s.state().equals("ready")) {
          ready = true;
        } else if (!ready && o instanceof MeshprobeClient.StatusParams s && s.provisional() != null) {
          assertTrue(!s.provisional().contains(base.toUri().toString()), "a file the overlay uses is not provisional: " + s);
          plainProvisional |= s.provisional().contains(plain.toUri().toString());
        } else if (!ready && o instanceof org.eclipse.lsp4j.PublishDiagnosticsParams d && d.getUri().equals(base.toUri().toString())) {
          throw new AssertionError("a file the overlay uses was linted as a plain manifest during the index: " + d);
        }
      }
      assertTrue(plainProvisional, "the plain file is linted provisionally: " + received);
      // Once the overlay is rendered: its finding-free verdict, while the plain copy keeps its finding.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && editor.logs.stream().noneMatch(m -> m.getMessage().startsWith("rendered "))) {
        Thread.sleep(10);
      }
      assertTrue(editor.logs.stream().anyMatch(m -> m.getMessage().startsWith("rendered ")), editor.logs::toString);
      assertTrue(!has(editor.awaitDiagnostics(base, d -> true), RULE), "the overlay turns the rewrite on");
      assertTrue(has(editor.awaitDiagnostics(plain, d -> has(d, RULE)), RULE));
    }
  }
}
