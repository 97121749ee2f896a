package dev.meshprobe.lsp;

import static dev.meshprobe.SeedManifests.NAMESPACE;
import static dev.meshprobe.SeedManifests.STRICT;
import static dev.meshprobe.SeedManifests.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language server as a person meets it: open, type, hover, change a policy on disk, change a setting, close. */
class LanguageServerTest {

  @TempDir Path root;
  Path web;
  Path policy;

  @BeforeEach
  void workspace() throws Exception {
    Files.writeString(root.resolve("namespace.yaml"), NAMESPACE);
    policy = root.resolve("policy.yaml");
    Files.writeString(policy, STRICT);
    web = root.resolve("web.yaml");
    Files.writeString(web, WEB);
  }

  private static boolean has(List<Diagnostic> ds, String rule) {
    return ds.stream().anyMatch(d -> rule.equals(d.getCode().getLeft()));
  }

  @Test
  void openShowsTheSeedFindingOnTheProbeKeyWithItsFacts() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      List<Diagnostic> ds = editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      Diagnostic d = ds.get(0);
      assertEquals("livenessProbe", editor.covered(web, d));
      assertEquals(DiagnosticSeverity.Error, d.getSeverity());
      assertEquals("meshprobe", d.getSource());
      assertTrue(d.getCodeDescription().getHref().startsWith("https://istio.io/"));
      assertTrue(d.getMessage().contains("requires STRICT mTLS"), d.getMessage());
      assertFalse(d.getMessage().contains("`"), "plain text: " + d.getMessage());
      assertTrue(d.getRelatedInformation().stream().anyMatch(r -> r.getLocation().getUri().endsWith("policy.yaml")
          && r.getMessage().contains("PeerAuthentication shop/default sets STRICT")), d.getRelatedInformation().toString());
      assertTrue(d.getRelatedInformation().stream().anyMatch(r -> r.getLocation().getUri().endsWith("namespace.yaml")));
      assertTrue(editor.registrations.stream().anyMatch(r -> r.getRegistrations().get(0).getMethod().equals("workspace/didChangeWatchedFiles")));
      assertEquals("1.30", editor.awaitReady().istioVersion());
    }
  }

  @Test
  void typingTheFixClearsTheFindingAndAnEmojiBeforeTheKeyKeepsRangesRight() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      String container = WEB.substring(WEB.indexOf("- name: web"), WEB.indexOf("port: 8080") + "port: 8080".length());
      editor.replace(web, container, "- {name: \"😀web\", image: web:1, livenessProbe: {httpGet: {path: /healthz, port: 8080}}}");
      String edited = WEB.replace(container, "- {name: \"😀web\", image: web:1, livenessProbe: {httpGet: {path: /healthz, port: 8080}}}");
      int line = (int) edited.substring(0, edited.indexOf("😀web")).chars().filter(c -> c == '\n').count();
      List<Diagnostic> ds = editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls") && d.get(0).getRange().getStart().getLine() == line);
      assertEquals("livenessProbe", editor.covered(web, ds.get(0)), "UTF-16 columns after an emoji");
      editor.replace(web, "\"false\"", "\"true\"");
      editor.awaitDiagnostics(web, List::isEmpty);
    }
  }

  @Test
  void hoverExplainsTheVerdictWithFactsVersionAndLinks() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      Hover h = editor.hover(web, "livenessProbe");
      String md = h.getContents().getRight().getValue();
      assertTrue(md.contains("✗"), md);
      assertTrue(md.contains("PeerAuthentication shop/default sets STRICT"), md);
      assertTrue(md.contains("istio-injection: enabled"), md);
      assertTrue(md.contains("rewriteAppHTTPProbers"), md);
      assertTrue(md.contains("Istio 1.30"), md);
      assertTrue(md.contains("policy.yaml:"), "a clickable location: " + md);
      assertTrue(md.contains("https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/"), md);
      assertTrue(md.contains("probe-blocked-by-strict-mtls"), "the rule: " + md);
      assertTrue(!md.contains("## ") && md.lines().count() <= 15, "a short hover, not the rule page: " + md);
      assertTrue(md.contains("What would change it"), md);
      Hover annotation = editor.hover(web, "sidecar.istio.io/rewriteAppHTTPProbers");
      assertTrue(annotation.getContents().getRight().getValue().contains("Probe rewriting is off for this pod"), annotation.getContents().getRight().getValue());
      assertNull(editor.hover(web, "image: web:1"));
      editor.open(policy, STRICT);
      String pa = editor.hover(policy, "PeerAuthentication").getContents().getRight().getValue();
      assertTrue(pa.contains("namespace-wide for `shop`"), pa);
      assertTrue(pa.contains("Deployment shop/web, container `web`, port 8080 (liveness probe): STRICT"), pa);
    }
  }

  @Test
  void aPolicyChangedOnDiskChangesTheOpenManifestWithoutEditingIt() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      Files.writeString(policy, STRICT.replace("STRICT", "PERMISSIVE"));
      editor.fileChangedOnDisk(policy);
      List<Diagnostic> ds = editor.awaitDiagnostics(web, d -> has(d, "probe-would-fail-under-strict-mtls"));
      assertEquals(1, ds.size());
      assertEquals(DiagnosticSeverity.Information, ds.get(0).getSeverity());
    }
  }

  @Test
  void settingsTurnRulesOffAndSetTheIstioVersion() throws Exception {
    try (LspHarness editor = new LspHarness(root, Map.of("istio", Map.of("version", "1.30")), false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      editor.settingsChanged(Map.of("rules", Map.of("probe-blocked-by-strict-mtls", "off")));
      editor.awaitDiagnostics(web, List::isEmpty);
      editor.settingsChanged(Map.of("rules", Map.of("probe-blocked-by-strict-mtls", "warning")));
      List<Diagnostic> ds = editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      assertEquals(DiagnosticSeverity.Warning, ds.get(0).getSeverity());
    }
  }

  @Test
  void closingClearsDiagnostics() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, d -> !d.isEmpty());
      editor.close(web);
      editor.awaitDiagnostics(web, List::isEmpty);
    }
  }

  @Test
  void inlayHintsSayWhatTheKubeletCalls() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB.replace("\"false\"", "\"true\""));
      editor.awaitDiagnostics(web, List::isEmpty);
      List<InlayHint> hints = editor.server.getTextDocumentService()
          .inlayHint(new InlayHintParams(new TextDocumentIdentifier(web.toUri().toString()), new Range(new Position(0, 0), new Position(100, 0))))
          .get(10, TimeUnit.SECONDS);
      assertEquals(1, hints.size());
      assertEquals("→ :15020/app-health/web/livez", hints.get(0).getLabel().getLeft());
      assertTrue(hints.get(0).getTooltip().getLeft().contains("namespace.yaml:6"), "the facts that decided: " + hints.get(0).getTooltip());
      assertEquals(editor.at(web, "httpGet:").getLine(), hints.get(0).getPosition().getLine());
    }
  }

  @Test
  void pullClientsGetDiagnosticsOnRequestAndNoPush() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, true)) {
      editor.open(web, WEB);
      var report = editor.server.getTextDocumentService()
          .diagnostic(new DocumentDiagnosticParams(new TextDocumentIdentifier(web.toUri().toString()))).get(10, TimeUnit.SECONDS);
      List<Diagnostic> ds = report.getLeft().getItems();
      assertTrue(has(ds, "probe-blocked-by-strict-mtls"), ds.toString());
      Thread.sleep(200);
      assertTrue(editor.published.isEmpty(), "pull clients get no pushed diagnostics");
    }
  }

  @Test
  void aFileOpenedWhileTheFirstIndexRunsGetsProvisionalDiagnosticsAtOnceAndTheFinalOnesWhenItEnds() throws Exception {
    // The index waits until the didOpen is in, so that it comes while the index runs.
    try (LspHarness editor = new LspHarness(root, null, false, server -> server.session.beforeFirstIndex = () -> {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.session.handedOver() == 0 && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    })) {
      editor.open(web, WEB);
      editor.awaitReady();
      List<Object> received = List.copyOf(editor.received);
      int ready = -1;
      int firstPublication = -1;
      int provisionalStatus = -1;
      for (int i = 0; i < received.size(); i++) {
        Object o = received.get(i);
        if (o instanceof MeshprobeClient.StatusParams s && s.state().equals("ready") && ready < 0) {
          ready = i;
          assertNull(s.provisional(), "nothing is provisional once the index is done");
        } else if (o instanceof MeshprobeClient.StatusParams s && s.provisional() != null && s.provisional().contains(web.toUri().toString())) {
          provisionalStatus = provisionalStatus < 0 ? i : provisionalStatus;
        } else if (o instanceof org.eclipse.lsp4j.PublishDiagnosticsParams p && p.getUri().equals(web.toUri().toString())) {
          firstPublication = firstPublication < 0 ? i : firstPublication;
        }
      }
      assertTrue(ready > 0, "the index ends: " + received);
      assertTrue(firstPublication >= 0 && firstPublication < ready, "diagnostics before the index ends: " + received);
      assertTrue(provisionalStatus > firstPublication && provisionalStatus < ready, "marked provisional in meshprobe/status: " + received);
      // The final diagnostics are those of a server that had every file before the document was opened.
      List<Diagnostic> last = editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      try (LspHarness indexedFirst = new LspHarness(root, null, false)) {
        indexedFirst.awaitReady();
        indexedFirst.open(web, WEB);
        assertEquals(indexedFirst.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls")), last);
      }
    }
  }
}
