package dev.meshprobe.lsp;

import static dev.meshprobe.SeedManifests.NAMESPACE;
import static dev.meshprobe.SeedManifests.STRICT;
import static dev.meshprobe.SeedManifests.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File watcher events reach only the files the workspace walk reads: a policy in a hidden folder, under
 * an {@code ignore:} path or in a file that is not YAML decides nothing, whether the server indexed the
 * folder at start or was told about the file afterwards, so a verdict never depends on which files
 * happened to be touched.
 */
class WatchedFilesTest {
  /** Reported once a STRICT policy for the namespace is read; without one, the mode is PERMISSIVE. */
  private static final String SEED = "probe-blocked-by-strict-mtls";

  @TempDir Path root;
  Path web;

  @BeforeEach
  void workspace() throws Exception {
    Files.writeString(root.resolve("namespace.yaml"), NAMESPACE);
    Files.writeString(root.resolve(".meshprobe.yaml"), "ignore:\n  - path: \"vendor/**\"\n");
    web = root.resolve("web.yaml");
    Files.writeString(web, WEB);
  }

  private static List<String> rules(List<Diagnostic> ds) {
    return ds.stream().map(d -> d.getCode().getLeft()).sorted().toList();
  }

  /** The diagnostics of {@code web} once every event sent before has been handled (a request is answered after them). */
  private static List<String> settled(LspHarness editor, Path web) throws Exception {
    editor.hover(web, "livenessProbe");
    return rules(editor.awaitDiagnostics(web, ds -> true));
  }

  @Test
  void eventsForFilesTheWalkSkipsChangeNothing() throws Exception {
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      List<String> permissive = rules(editor.awaitDiagnostics(web, ds -> !ds.isEmpty()));
      assertEquals(List.of("probe-would-fail-under-strict-mtls"), permissive);
      for (String skipped : List.of(".hidden/strict.yaml", "vendor/strict.yaml", "node_modules/strict.yaml", "strict.txt",
          "strict.yaml.bak")) {
        Path p = root.resolve(skipped);
        Files.createDirectories(p.getParent());
        Files.writeString(p, STRICT);
        editor.fileChangedOnDisk(p);
        assertEquals(permissive, settled(editor, web), skipped + " was read");
      }
      // The same policy where the walk reads it decides: the events are handled at all.
      Path visible = root.resolve("strict.yaml");
      Files.writeString(visible, STRICT);
      editor.fileChangedOnDisk(visible);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
    }
  }

  @Test
  void aSkippedFileOpenInTheEditorLeavesTheWorkspaceWhenItCloses() throws Exception {
    Path hidden = root.resolve(".hidden/strict.yaml");
    Files.createDirectories(hidden.getParent());
    Files.writeString(hidden, STRICT);
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      List<String> permissive = rules(editor.awaitDiagnostics(web, ds -> !ds.isEmpty()));
      // An open buffer is linted and counts, wherever it is; once closed, it is a file the walk skips.
      editor.open(hidden, STRICT);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
      editor.close(hidden);
      assertEquals(permissive, rules(editor.awaitDiagnostics(web, ds -> !rules(ds).contains(SEED))));
      editor.fileChangedOnDisk(hidden);
      assertEquals(permissive, settled(editor, web));
    }
  }
}
