package dev.meshprobe.lsp;

import static dev.meshprobe.SeedManifests.NAMESPACE;
import static dev.meshprobe.SeedManifests.STRICT;
import static dev.meshprobe.SeedManifests.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceFullDocumentDiagnosticReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diagnostics.scope: workspace}: the findings of files nobody opened reach the Problems panel,
 * pushed or pulled, and are sent again only when they change; an edit does not lint every file again.
 */
class WorkspaceDiagnosticsTest {
  private static final Map<String, Object> WORKSPACE = Map.of("diagnostics", Map.of("scope", "workspace"));
  private static final int APPS = 20;

  @TempDir Path root;
  Path web;
  Path policy;
  Path duplicate;

  @BeforeEach
  void workspace() throws Exception {
    Files.writeString(root.resolve("namespace.yaml"), NAMESPACE);
    policy = Files.writeString(root.resolve("policy.yaml"), STRICT);
    web = Files.writeString(root.resolve("web.yaml"), WEB);
    duplicate = Files.writeString(root.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  name: t\n");
    for (int i = 0; i < APPS; i++) {
      Files.writeString(root.resolve("app-" + i + ".yaml"), WEB.replace("name: web", "name: app-" + i).replace("\"false\"", "\"true\""));
    }
  }

  private static boolean has(List<Diagnostic> ds, String rule) {
    return ds.stream().anyMatch(d -> rule.equals(d.getCode().getLeft()));
  }

  private static long publications(LspHarness editor, Path file) {
    return editor.published.stream().filter(p -> p.getUri().equals(file.toUri().toString())).count();
  }

  /** Waits until the server has nothing queued: the engine ran everything scheduled before now, twice over the quiet period. */
  private static void settle(LspHarness editor) throws Exception {
    for (int i = 0; i < 3; i++) {
      Thread.sleep(400);
      LspTestAccess.onEngine(editor.impl(), ws -> null);
    }
  }

  @Test
  void closedFilesArePublishedAndOnlyWhatChangedIsPublishedAgain() throws Exception {
    try (LspHarness editor = new LspHarness(root, WORKSPACE, false)) {
      editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      editor.awaitDiagnostics(duplicate, d -> has(d, "yaml-duplicate-key"));
      settle(editor);
      assertEquals(1, publications(editor, duplicate));
      assertEquals(0, publications(editor, root.resolve("app-3.yaml")), "a clean file that never had findings is not published");

      // Typing in an open Deployment changes no mesh fact: the closed files are not linted again.
      Path app = root.resolve("app-0.yaml");
      editor.open(app, Files.readString(app));
      settle(editor);
      long before = editor.impl().workspaceDiagnostics.linted;
      for (int i = 0; i < 10; i++) {
        editor.replace(app, "image: web:" + (i + 1), "image: web:" + (i + 2));
      }
      settle(editor);
      long linted = editor.impl().workspaceDiagnostics.linted - before;
      assertTrue(linted < 5, "closed files linted after typing in an open Deployment: " + linted);

      // A policy changed on disk changes the verdict of a closed file; the unrelated file is not sent again.
      Files.writeString(policy, STRICT.replace("STRICT", "PERMISSIVE"));
      editor.fileChangedOnDisk(policy);
      editor.awaitDiagnostics(web, d -> has(d, "probe-would-fail-under-strict-mtls"));
      settle(editor);
      assertEquals(1, publications(editor, duplicate));

      // A file closed in the editor keeps its findings.
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, d -> has(d, "probe-would-fail-under-strict-mtls"));
      editor.close(web);
      settle(editor);
      editor.awaitDiagnostics(web, d -> has(d, "probe-would-fail-under-strict-mtls"));
    }
  }

  @Test
  void theScopeFollowsTheSettings() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      settle(editor);
      assertEquals(0, publications(editor, web), "openFiles: a closed file is not published");
      editor.settingsChanged(WORKSPACE);
      editor.awaitDiagnostics(web, d -> has(d, "probe-blocked-by-strict-mtls"));
      editor.settingsChanged(Map.of("diagnostics", Map.of("scope", "openFiles")));
      editor.awaitDiagnostics(web, List::isEmpty);
      editor.settingsChanged(Map.of("diagnostics", Map.of("scope", "everything")));
      settle(editor);
      assertTrue(editor.logs.stream().anyMatch(m -> m.getMessage().contains("diagnostics.scope")), "a bad scope is logged");
    }
  }

  private static WorkspaceFullDocumentDiagnosticReport report(WorkspaceDiagnosticReport r, Path file) {
    return r.getItems().stream().filter(i -> i.isWorkspaceFullDocumentDiagnosticReport())
        .map(i -> i.getWorkspaceFullDocumentDiagnosticReport())
        .filter(i -> i.getUri().equals(file.toUri().toString())).findFirst().orElse(null);
  }

  @Test
  void pullClientsGetClosedFilesFromWorkspaceDiagnosticHeldUntilSomethingChanges() throws Exception {
    try (LspHarness editor = new LspHarness(root, WORKSPACE, true)) {
      List<PreviousResultId> held = new ArrayList<>();
      WorkspaceFullDocumentDiagnosticReport seed = null;
      for (int i = 0; i < 20 && seed == null; i++) {
        WorkspaceDiagnosticReport r = editor.server.getWorkspaceService().diagnostic(new WorkspaceDiagnosticParams(List.copyOf(held)))
            .get(10, TimeUnit.SECONDS);
        for (var item : r.getItems()) {
          var full = item.getWorkspaceFullDocumentDiagnosticReport();
          held.removeIf(h -> h.getUri().equals(full.getUri()));
          held.add(new PreviousResultId(full.getUri(), full.getResultId()));
        }
        seed = report(r, web);
      }
      assertNotNull(seed, "web.yaml's findings in a workspace report");
      assertTrue(has(seed.getItems(), "probe-blocked-by-strict-mtls"), seed.toString());
      assertEquals(0, editor.published.size(), "a pull client gets nothing pushed");
      settle(editor);

      CompletableFuture<WorkspaceDiagnosticReport> next = editor.server.getWorkspaceService().diagnostic(new WorkspaceDiagnosticParams(held));
      Thread.sleep(500);
      assertFalse(next.isDone(), "held while nothing changed");
      Files.writeString(web, WEB.replace("\"false\"", "\"true\""));
      editor.fileChangedOnDisk(web);
      WorkspaceFullDocumentDiagnosticReport fixed = report(next.get(10, TimeUnit.SECONDS), web);
      assertNotNull(fixed);
      assertEquals(List.of(), fixed.getItems());
    }
  }

  @Test
  void aPullForAClosedDocumentIsEmptyInTheOpenFilesScope() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, true)) {
      settle(editor);
      var report = editor.server.getTextDocumentService()
          .diagnostic(new DocumentDiagnosticParams(new TextDocumentIdentifier(web.toUri().toString()))).get(10, TimeUnit.SECONDS);
      assertEquals(List.of(), report.getLeft().getItems());
    }
  }
}
