package dev.meshprobe.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.mesh.MtlsMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration problems are findings on {@code .meshprobe.yaml} itself; the rest of the file still applies. */
class ConfigurationInvalidRuleTest {
  @TempDir Path dir;

  @Test
  void reportsEachBadKeyWhereItIsAndKeepsTheGoodOnes() throws IOException {
    String config = """
        istio:
          version: "one point thirty"
        mesh:
          mtls: STRIKT
          injection: assume-not-injected
        rules:
          tcp-probe-always-succeed: error
          probe-would-fail-under-strict-mtls: loud
        colour: blue
        """;
    Workspace ws = workspaceWith(config);
    List<Finding> findings = ws.lint(dir.resolve(".meshprobe.yaml"));
    assertEquals(5, findings.size(), findings.toString());
    for (Finding f : findings) {
      assertEquals("configuration-invalid", f.rule());
      assertEquals(Severity.WARNING, f.severity());
    }
    assertStartsAt(findings.get(0), config, "version:");
    assertTrue(findings.get(0).message().contains("istio.version"), findings.get(0).message());
    assertStartsAt(findings.get(1), config, "mtls:");
    assertStartsAt(findings.get(2), config, "tcp-probe-always-succeed:");
    assertStartsAt(findings.get(3), config, "probe-would-fail-under-strict-mtls:");
    assertStartsAt(findings.get(4), config, "colour:");
    var mesh = ws.layout().configFor(dir.resolve("app.yaml")).mesh();
    assertEquals(IstioVersion.NEWEST, mesh.istio());
    assertEquals(MtlsMode.PERMISSIVE, mesh.mtls().value());
    assertEquals(false, mesh.assumeInjected().value());
  }

  @Test
  void includeAndContextsAreValidatedLikeEveryOtherKey() throws IOException {
    String config = """
        include: "**/testdata/**"
        contexts:
          - name: course
            paths: ["course/**"]
            namespace: Hello_Istio
          - paths: ["other/**"]
          - name: prod
            paths: ["prod/**"]
            istio: {version: "1.24"}
          - name: ok
            paths: ["ok/**"]
            namespace: shop
            colour: blue
        """;
    Workspace ws = workspaceWith(config);
    List<Finding> findings = ws.lint(dir.resolve(".meshprobe.yaml"));
    List<String> messages = findings.stream().map(Finding::message).toList();
    assertEquals(4, findings.size(), messages.toString());
    assertStartsAt(findings.get(0), config, "include:");
    assertTrue(messages.get(0).contains("include must be a list of path globs"), messages.get(0));
    assertStartsAt(findings.get(1), config, "namespace: Hello_Istio");
    assertTrue(messages.get(2).contains("a context needs name"), messages.get(2));
    assertStartsAt(findings.get(3), config, "colour:");
    var cfgOk = ws.layout().configFor(dir.resolve("app.yaml"));
    assertEquals(List.of("prod", "ok"), cfgOk.contexts().declared().stream().map(c -> c.name()).toList(), "the valid contexts still apply");
    assertEquals(List.of(), cfgOk.includes());
    assertEquals("1.24", cfgOk.contexts().declared().get(0).istio().toString(), "a context's own Istio version is kept");
  }

  /** A workspace of one manifest and this {@code .meshprobe.yaml}, indexed. */
  private Workspace workspaceWith(String config) throws IOException {
    Files.writeString(dir.resolve(".meshprobe.yaml"), config);
    Files.writeString(dir.resolve("app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    return ws;
  }

  @Test
  void anIgnorePathThatIsNotAGlobIsReportedAndLeftOut() throws IOException {
    // Found by the differential fuzzer: a `[` typed into a path made the walk throw, in the server and the CLI.
    String config = """
        ignore:
          - path: "*[.yml"
          - path: "vendor/**"
        """;
    Path cfg = dir.resolve(".meshprobe.yaml");
    Files.writeString(cfg, config);
    Files.createDirectories(dir.resolve("vendor"));
    Files.writeString(dir.resolve("vendor/skipped.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Files.writeString(dir.resolve("app.yml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    List<Finding> findings = ws.lint(cfg);
    assertEquals(1, findings.size(), findings.toString());
    assertEquals("configuration-invalid", findings.get(0).rule());
    assertStartsAt(findings.get(0), config, "path: \"*[");
    assertTrue(findings.get(0).message().contains("*[.yml"), findings.get(0).message());
    assertEquals(List.of(cfg, dir.resolve("app.yml")), List.copyOf(ws.files()), "the good entry still applies");
  }

  /**
   * A configuration governs its folder even when its own {@code ignore:} matches it, so it is read and
   * checked all the same. Found by the differential fuzzer: the server checked such a file while it was
   * open, the command line never read it.
   */
  @Test
  void aConfigurationThatIgnoresItselfIsStillChecked() throws IOException {
    Path nested = dir.resolve("vendor/.meshprobe.yaml");
    Files.createDirectories(nested.getParent());
    Files.writeString(nested, "ignore:\n  - path: \"vendor/**\"\ncolour: blue\n");
    Files.writeString(dir.resolve("vendor/app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Workspace ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    assertTrue(ws.files().contains(nested), ws.files().toString());
    List<Finding> findings = ws.lint(nested);
    assertEquals(1, findings.size(), findings.toString());
    assertEquals("configuration-invalid", findings.get(0).rule());
  }

  private static void assertStartsAt(Finding f, String text, String fragment) {
    assertEquals(text.indexOf(fragment), f.where().start(), f.message());
  }
}
