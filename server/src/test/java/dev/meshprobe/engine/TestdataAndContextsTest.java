package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.cli.CheckCommand;
import dev.meshprobe.rules.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is applied together (DESIGN §9): Go's testdata folders are no part of a repository's workspace
 * unless the configuration includes them, yet a test input opened in the editor, or named on the
 * command line, is still linted; and a context declared in the configuration is decided on its own.
 */
class TestdataAndContextsTest {
  @TempDir Path repo;

  private Path write(String name, String text) throws IOException {
    Path p = repo.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** A monorepo: the sample's namespace, its workload, and test inputs with a STRICT policy for that namespace. */
  private void monorepo() throws IOException {
    write("samples/web/namespace.yaml", SeedManifests.NAMESPACE);
    write("samples/web/web.yaml", SeedManifests.WEB);
    write("pkg/policy/testdata/strict.yaml", SeedManifests.STRICT);
    write("pkg/policy/testdata/web-copy.yaml", SeedManifests.WEB);
  }

  private static List<String> rules(List<Finding> findings) {
    return findings.stream().map(Finding::rule).toList();
  }

  @Test
  void testdataFoldersAreLeftOutOfTheWalkUnlessIncluded() throws IOException {
    monorepo();
    Workspace ws = new Workspace(List.of(repo), Log.SILENT);
    ws.indexFolders();
    assertNull(ws.file(repo.resolve("pkg/policy/testdata/strict.yaml")), "test inputs are not indexed");
    assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(ws.lint(repo.resolve("samples/web/web.yaml"))),
        "the test input's STRICT policy does not decide the sample");

    write(".meshprobe.yaml", "include: [\"**/testdata/**\"]\n");
    Workspace included = new Workspace(List.of(repo), Log.SILENT);
    included.indexFolders();
    assertTrue(included.files().contains(repo.resolve("pkg/policy/testdata/web-copy.yaml")));
    assertEquals(List.of("probe-blocked-by-strict-mtls"), rules(included.lint(repo.resolve("samples/web/web.yaml"))),
        "included, the test inputs decide the sample (their copy of its Deployment is linted on its own, not reported as an alternative)");
  }

  @Test
  void anIncludeAddedOrRemovedLaterTakesTheTestdataInOrOut() throws IOException {
    monorepo();
    Path web = repo.resolve("samples/web/web.yaml");
    Path config = repo.resolve(".meshprobe.yaml");
    Workspace ws = new Workspace(List.of(repo), Log.SILENT);
    ws.compactClosedFiles(true);
    ws.indexFolders();
    assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(ws.lint(web)));
    Files.writeString(config, "include: [\"**/testdata/**\"]\n");
    ws.refreshFromDisk(config);
    assertTrue(ws.files().contains(repo.resolve("pkg/policy/testdata/strict.yaml")), "read once included");
    assertTrue(rules(ws.lint(web)).contains("probe-blocked-by-strict-mtls"));
    Files.writeString(config, "defaultNamespace: shop\n");
    ws.refreshFromDisk(config);
    assertFalse(ws.files().contains(repo.resolve("pkg/policy/testdata/strict.yaml")), "dropped once left out again");
    assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(ws.lint(web)));
  }

  @Test
  void aTestdataFileOpenedInTheEditorIsLintedWithoutDecidingForTheRest() throws IOException {
    monorepo();
    Path strict = repo.resolve("pkg/policy/testdata/strict.yaml");
    Path copy = repo.resolve("pkg/policy/testdata/web-copy.yaml");
    Workspace ws = new Workspace(List.of(repo), Log.SILENT);
    ws.compactClosedFiles(true);
    ws.indexFolders();
    ws.openFile(strict, Files.readString(strict));
    ws.openFile(copy, Files.readString(copy));
    assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(ws.lint(repo.resolve("samples/web/web.yaml"))),
        "an open test input decides nothing outside its testdata folder");
    assertEquals(List.of("probe-blocked-by-strict-mtls"), rules(ws.lint(copy)),
        "inside it, the test inputs decide together, and the plain files' Namespace applies");
    // A watcher event for a test input that is not open does not take it into the workspace.
    ws.closeFile(copy);
    assertNull(ws.file(copy));
  }

  @Test
  void theCommandLineLintsATestdataFileOrFolderItIsGiven() throws IOException {
    monorepo();
    assertFalse(check(".").contains("testdata"), "a folder walk leaves the test inputs out");
    String file = check("pkg/policy/testdata/web-copy.yaml");
    assertTrue(file.contains("web-copy.yaml") && file.contains("probe-would-fail-under-strict-mtls"), file);
    String folder = check("pkg/policy/testdata");
    assertTrue(folder.contains("web-copy.yaml") && folder.contains("probe-blocked-by-strict-mtls"),
        "a testdata folder named on its own is the workspace: " + folder);
  }

  @Test
  void aDeclaredContextGetsItsNamespaceAndIsDecidedAlone() throws IOException {
    write(".meshprobe.yaml", """
        contexts:
          - name: course
            paths: ["course/**"]
            namespace: shop
        """);
    write("platform/namespace.yaml", SeedManifests.NAMESPACE);
    write("platform/strict.yaml", SeedManifests.STRICT);
    Path inCourse = write("course/web.yaml", SeedManifests.WEB.replace("  namespace: shop\n", ""));
    Path policy = write("course/strict.yaml", SeedManifests.STRICT.replace("  namespace: shop\n", ""));
    Workspace ws = new Workspace(List.of(repo), Log.SILENT);
    ws.indexFolders();
    var source = ws.file(inCourse).resources().get(0).namespaceSource();
    assertEquals("CONFIGURED course shop", source.kind() + " " + source.context() + " " + ws.file(inCourse).resources().get(0).namespace());
    assertEquals(List.of("probe-blocked-by-strict-mtls"), rules(ws.lint(inCourse)), "the context's own policy decides, at full severity");
    Files.delete(policy);
    ws.refreshFromDisk(policy);
    assertEquals(List.of("probe-would-fail-under-strict-mtls"), rules(ws.lint(inCourse)),
        "the plain files' namespace-wide policy is not the context's; their Namespace is");
  }

  private String check(String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        repo).run(new String[] {"--fail-on", "never", "--brief", path});
    return out.toString(StandardCharsets.UTF_8);
  }
}
