package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.engine.ContextWorkspaces;
import dev.meshprobe.fixtures.ContextScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the language server renders charts and overlays again (DESIGN §9): every change of what a render
 * reads is rendered, whatever brought it (typing, a save, a close that drops unsaved text, a change of
 * the configuration, a file gone), and {@code meshprobe/status} says how many renders are due, so that a
 * client that sees none has what the current texts render to. Each test waits for that status, never
 * for a time.
 */
class ContextRendersTest {
  private static final String RULE = "probe-blocked-by-strict-mtls";

  @TempDir
  Path root;

  @BeforeAll
  static void tools() {
    TestTools.require();
  }

  private void copyScenario(String name) {
    ContextWorkspaces.copy(ContextScenario.root().resolve(name), root);
  }

  private static boolean has(List<Diagnostic> ds, String rule) {
    return ds != null && ds.stream().anyMatch(d -> rule.equals(d.getCode().getLeft()));
  }

  private static List<String> stale(LspHarness editor) throws Exception {
    return editor.impl().onEngine(() -> editor.impl().workspace.contexts().stale().stream().map(c -> c.id()).toList()).get();
  }

  @Test
  void theStatusCountsTheRendersDueAndSaysNoneOnlyAfterTheirDiagnostics() throws Exception {
    copyScenario("overlays_differ_only_in_patch");
    Path base = root.resolve("base/deployment.yaml");
    Path patch = root.resolve("overlays/prod/rewrite-off.yaml");
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(base, Files.readString(base));
      editor.open(patch, Files.readString(patch));
      editor.awaitRendersIdle();
      assertTrue(has(editor.diagnostics(base), RULE), () -> "" + editor.diagnostics(base));
      int before = editor.statuses.size();
      editor.replace(patch, "\"false\"", "\"true\"");
      editor.awaitRendersIdle();
      List<MeshprobeClient.StatusParams> after = editor.statuses.subList(before, editor.statuses.size());
      assertTrue(after.stream().anyMatch(s -> s.rendering() == 1), after::toString);
      assertEquals(0, after.get(after.size() - 1).rendering(), after::toString);
      assertFalse(has(editor.diagnostics(base), RULE), () -> "" + editor.diagnostics(base));
    }
  }

  @Test
  void closingABufferWithUnsavedTextRendersItsContextFromDiskAgain() throws Exception {
    copyScenario("overlays_differ_only_in_patch");
    Path base = root.resolve("base/deployment.yaml");
    Path patch = root.resolve("overlays/prod/rewrite-off.yaml");
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(base, Files.readString(base));
      editor.open(patch, Files.readString(patch));
      editor.replace(patch, "\"false\"", "\"true\"");
      editor.awaitRendersIdle();
      assertFalse(has(editor.diagnostics(base), RULE), () -> "" + editor.diagnostics(base));
      // The unsaved "true" is dropped: the overlay is what the disk says again, rewriting off.
      editor.close(patch);
      editor.awaitRendersIdle();
      assertEquals(List.of(), stale(editor));
      assertTrue(has(editor.diagnostics(base), RULE), () -> "" + editor.diagnostics(base));
    }
  }

  @Test
  void typingInTheConfigurationRendersEveryContextAgain() throws Exception {
    copyScenario("overlays_differ_only_in_patch");
    Path config = root.resolve(".meshprobe.yaml");
    Files.writeString(config, "# settings\n");
    Path entry = root.resolve("overlays/prod/kustomization.yaml");
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(entry, Files.readString(entry));
      editor.open(config, Files.readString(config));
      editor.awaitRendersIdle();
      assertFalse(has(editor.diagnostics(entry), "file-not-analysed"), () -> "" + editor.diagnostics(entry));
      editor.replace(config, "# settings\n", "tools:\n  kustomize: /nonexistent/meshprobe-test/kustomize\n");
      editor.awaitRendersIdle();
      assertEquals(List.of(), stale(editor));
      List<Diagnostic> ds = editor.diagnostics(entry);
      assertTrue(ds.stream().anyMatch(d -> "file-not-analysed".equals(d.getCode().getLeft())
          && d.getMessage().contains("/nonexistent/meshprobe-test/kustomize")), ds::toString);
    }
  }

  @Test
  void aRenderWaitingWhenItsContextIsDiscoveredAgainRendersTheContextAsItIsNow() throws Exception {
    copyScenario("chart_probe_from_values_toyaml");
    Path template = root.resolve("chart/templates/deployment.yaml");
    Path values = root.resolve("chart/values.yaml");
    Path worker = root.resolve("chart/templates/worker.yaml");
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(template, Files.readString(template));
      editor.open(values, Files.readString(values));
      editor.awaitRendersIdle();
      assertTrue(has(editor.diagnostics(values), RULE), () -> "the worker's probe in values.yaml: " + editor.diagnostics(values));

      // Typing in the template schedules the chart's render; before it starts, a template of the chart is
      // deleted, which changes the chart's files (it is discovered again). Both reach the engine in that order.
      MeshprobeServer server = editor.impl();
      CompletableFuture<Void> release = new CompletableFuture<>();
      LspTestAccess.blockEngine(server, release);
      String uri = template.toUri().toString();
      server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2),
          List.of(new TextDocumentContentChangeEvent(new Range(new Position(0, 0), new Position(0, 0)), "# the web tier\n"))));
      Files.delete(worker);
      server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(worker.toUri().toString(), FileChangeType.Deleted))));
      release.complete(null);

      editor.awaitRendersIdle();
      assertEquals(List.of(), stale(editor));
      assertFalse(has(editor.diagnostics(values), RULE), () -> "the worker is gone: " + editor.diagnostics(values));
    }
  }
}
