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

  /**
   * Found by the differential fuzzer: a configuration that appears in a folder governs it, so the files
   * a parent's {@code ignore:} kept out come in, as a fresh walk (and {@code meshprobe check}) reads them;
   * the new configuration itself was judged by the parent's cached one and never read.
   */
  @Test
  void aConfigurationWrittenInAFolderBringsInTheFilesItNoLongerIgnores() throws Exception {
    Files.writeString(root.resolve(".meshprobe.yaml"), "ignore:\n  - path: \"gen/**\"\n");
    Files.createDirectories(root.resolve("gen"));
    Files.writeString(root.resolve("gen/strict.yaml"), STRICT);
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      List<String> permissive = rules(editor.awaitDiagnostics(web, ds -> !ds.isEmpty()));
      assertEquals(List.of("probe-would-fail-under-strict-mtls"), permissive);
      Path nested = root.resolve("gen/.meshprobe.yaml");
      Files.writeString(nested, "mesh:\n  injection: assume-injected\n");
      editor.fileChangedOnDisk(nested);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
      // And it goes again with the configuration.
      Files.delete(nested);
      editor.fileChangedOnDisk(nested);
      assertEquals(permissive, rules(editor.awaitDiagnostics(web, ds -> !rules(ds).contains(SEED))));
    }
  }

  /** Found by the differential fuzzer too: a configuration whose own {@code ignore:} matches it is no file the walk reads, yet it governs its folder. */
  @Test
  void aConfigurationThatIgnoresItselfStillGovernsItsFolder() throws Exception {
    Files.writeString(root.resolve("policy.yaml"), STRICT);
    Path inner = root.resolve("gen/web.yaml");
    Files.createDirectories(inner.getParent());
    Files.writeString(inner, WEB);
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(inner, WEB);
      editor.awaitDiagnostics(inner, ds -> rules(ds).contains(SEED));
      Path nested = root.resolve("gen/.meshprobe.yaml");
      Files.writeString(nested, "ignore:\n  - path: \"gen/**\"\n");
      editor.fileChangedOnDisk(nested);
      editor.awaitDiagnostics(inner, List::isEmpty);
    }
  }

  /** Found by the 30-minute fuzz run: removing a configuration that ignored itself brings its folder's files in. */
  @Test
  void removingAConfigurationThatIgnoredItselfBringsItsFolderIn() throws Exception {
    Path nested = root.resolve("gen/.meshprobe.yaml");
    Files.createDirectories(nested.getParent());
    Files.writeString(nested, "ignore:\n  - path: \"gen/**\"\n");
    Files.writeString(root.resolve("gen/strict.yaml"), STRICT);
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(editor.awaitDiagnostics(web, ds -> !ds.isEmpty())));
      Files.delete(nested);
      editor.fileChangedOnDisk(nested);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
    }
  }

  /**
   * Found by the 30-minute fuzz run: a configuration deleted on disk, and a walk that runs before its
   * watcher event arrives (after another configuration's event here) drops it from the files. The files
   * must then be derived again without it, not keep the configuration it held.
   */
  @Test
  void aConfigurationAWalkFindsGoneIsNoLongerInForce() throws Exception {
    Path config = root.resolve(".meshprobe.yaml");
    Files.writeString(config, "mesh:\n  mtls: STRICT\n");
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
      Files.delete(config);
      Path other = root.resolve("other/.meshprobe.yaml");
      Files.createDirectories(other.getParent());
      Files.writeString(other, "defaultNamespace: other\n");
      editor.fileChangedOnDisk(other);
      editor.fileChangedOnDisk(config);
      assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(editor.awaitDiagnostics(web, ds -> !rules(ds).contains(SEED))));
    }
  }

  @Test
  void aPathNewlyIgnoredLeavesTheContextAndOneNoLongerIgnoredComesIn() throws Exception {
    Path config = root.resolve(".meshprobe.yaml");
    Files.writeString(config, "mesh:\n  injection: assume-injected\n");
    Files.createDirectories(root.resolve("vendor"));
    Files.writeString(root.resolve("vendor/strict.yaml"), STRICT);
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
      Files.writeString(config, "ignore:\n  - path: \"vendor/**\"\n");
      editor.fileChangedOnDisk(config);
      editor.awaitDiagnostics(web, ds -> !ds.isEmpty() && !rules(ds).contains(SEED));
      Files.writeString(config, "ignore:\n  - path: \"elsewhere/**\"\n");
      editor.fileChangedOnDisk(config);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
    }
  }

  /** An ignored path is out of the workspace even while the editor has it open: no findings of its own, no facts for others. */
  @Test
  void anOpenFileUnderAnIgnoredPathDecidesNothing() throws Exception {
    Path config = root.resolve(".meshprobe.yaml");
    Path vendored = root.resolve("vendor/strict.yaml");
    Files.createDirectories(vendored.getParent());
    Files.writeString(vendored, STRICT);
    try (LspHarness editor = new LspHarness(root, null, false)) {
      editor.open(web, WEB);
      editor.awaitDiagnostics(web, ds -> !ds.isEmpty() && !rules(ds).contains(SEED));
      editor.open(vendored, STRICT);
      assertEquals(List.of(), editor.awaitDiagnostics(vendored, ds -> true));
      assertEquals(List.of("probe-would-fail-under-strict-mtls"), settled(editor, web));
      // No longer ignored: the open buffer counts like any file the walk reads.
      Files.writeString(config, "mesh:\n  injection: assume-injected\n");
      editor.fileChangedOnDisk(config);
      editor.awaitDiagnostics(web, ds -> rules(ds).contains(SEED));
    }
  }
}
