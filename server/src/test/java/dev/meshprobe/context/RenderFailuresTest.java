package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.mesh.Setting;
import dev.meshprobe.yaml.ParseLimits;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a render says when the tool misbehaves, with stand-in tools (shell scripts) for what the real
 * ones cannot be made to do on demand: hang, or be too old for {@code buildMetadata}.
 */
class RenderFailuresTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void shell() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
  }

  private Path script(String name, String body) throws IOException {
    Path p = dir.resolve("bin").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private Path chart() throws IOException {
    Path chart = dir.resolve("chart");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
    return chart;
  }

  private RenderResult render(ContextSettings settings) throws InterruptedException {
    SourceFiles files = SourceFiles.fromDisk();
    Contexts contexts = new ContextDiscovery(settings, files).discover(dir, Scenario.allFiles(dir));
    return new ContextRenderer(settings, files, Map.of("PATH", "/usr/bin:/bin"), ParseLimits.DEFAULT).render(contexts.rendered().get(0));
  }

  private static ContextSettings tools(Path helm, Path kustomize, int timeoutSeconds) {
    return new ContextSettings(new Setting<>(helm == null ? null : helm.toString(), "test"),
        new Setting<>(kustomize == null ? null : kustomize.toString(), "test"), new Setting<>(timeoutSeconds, "test"), List.of(), List.of());
  }

  @Test
  void aToolThatHangsIsStoppedAtTheLimitAndTheFailureSaysHowToRaiseIt() throws Exception {
    chart();
    Path helm = script("helm", "sleep 60");
    long t0 = System.nanoTime();
    RenderFailure f = assertInstanceOf(RenderFailure.class, render(tools(helm, null, 1)));
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10);
    assertEquals(RenderFailure.Reason.TIMED_OUT, f.reason());
    assertEquals("helm did not finish within 1 s and was stopped; raise tools.timeoutSeconds if it needs longer", f.message());
  }

  @Test
  void aToolThatFailsIsQuotedFromItsFirstLines() throws Exception {
    chart();
    Path helm = script("helm", "echo 'Error: chart requires kubeVersion: >= 1.99.0' >&2\necho 'second line' >&2\nexit 1");
    RenderFailure f = assertInstanceOf(RenderFailure.class, render(tools(helm, null, 10)));
    assertEquals(RenderFailure.Reason.TOOL_FAILED, f.reason());
    assertEquals("helm failed: chart requires kubeVersion: >= 1.99.0", f.message());
    assertEquals(List.of("Error: chart requires kubeVersion: >= 1.99.0", "second line"), f.toolOutput());
  }

  @Test
  void aLongErrorLineIsQuotedFromItsEndWhereTheCauseIs() {
    String helm = "Error: an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch"
        + " missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis";
    String s = ToolFailures.summary(helm);
    assertTrue(s.startsWith("…") && s.endsWith("missing in charts/ directory: redis") && s.length() <= 81, s);
    assertEquals("chart requires kubeVersion: >= 1.99.0", ToolFailures.summary("Error: chart requires kubeVersion: >= 1.99.0"));
  }

  /** Outputs of helm v4.1.4 and kustomize v5.6.0 on real repositories (paths shortened), and what a message says of them. */
  @Test
  void theCauseIsFoundWhereEachToolPutsIt() {
    // helm v4 names the failing template on its error line and the cause on the last line.
    assertEquals("no template \"mock-rest.fullname\" associated with template \"gotpl\"", ToolFailures.summary(List.of(
        "Error: mock-rest/templates/deployment.yaml:4:11",
        "executing \"mock-rest/templates/deployment.yaml\" at <include \"mock-rest.fullname\" .>:",
        "error calling include:",
        "template: no template \"mock-rest.fullname\" associated with template \"gotpl\"",
        "Use --debug flag to render out invalid YAML")));
    // kustomize prints deprecation warnings before its error.
    assertEquals("resource canary.yaml is listed but not there (no such file or directory)", ToolFailures.summary(List.of(
        "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
        "error: accumulating resources: accumulation err='accumulating resources from 'canary.yaml': evalsymlink failure on"
            + " 'apps/backend/canary.yaml' : lstat apps/backend/canary.yaml: no such file or directory': must build at directory:"
            + " not a valid directory: evalsymlink failure on 'apps/backend/canary.yaml' : lstat apps/backend/canary.yaml: no such file or directory")));
    // A resource missing in a kustomization the entry includes: the innermost one is named, with the kustomization listing it.
    assertEquals("resource ../crd of config/default is listed but not there", ToolFailures.summary(List.of(
        "error: accumulating resources: accumulation err='accumulating resources from '../default': 'config/default' must resolve"
            + " to a file': recursed accumulation of path 'config/default': accumulating resources: accumulation err='accumulating"
            + " resources from '../crd': evalsymlink failure on 'config/crd' : lstat config/crd: no such file or directory': must"
            + " build at directory: not a valid directory: evalsymlink failure on 'config/crd' : lstat config/crd: no such file or directory")));
    // A listed folder that holds no kustomization: the folder as listed, and the kustomization listing it.
    assertEquals("resource ../base of overlay is a folder without a kustomization.yaml", ToolFailures.summary(List.of(
        "error: accumulating resources: accumulation err='accumulating resources from '../overlay': 'overlay' must resolve to a"
            + " file': recursed accumulation of path 'overlay': accumulating resources: accumulation err='accumulating resources from"
            + " '../base': 'base' must resolve to a file': couldn't make target for path 'base': unable to find one of"
            + " 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory 'base'")));
    assertEquals("resource ../base is a folder without a kustomization.yaml", ToolFailures.summary(List.of(
        "error: accumulating resources: accumulation err='accumulating resources from '../base': 'base' must resolve to a file':"
            + " couldn't make target for path 'base': unable to find one of 'kustomization.yaml', 'kustomization.yml' or"
            + " 'Kustomization' in directory 'base'")));
  }

  @Test
  void aKustomizeTooOldForBuildMetadataBuildsTheEntryDirectlyAndObjectsAreFoundByKindAndName() throws Exception {
    Path app = dir.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("kustomization.yaml"), "resources:\n  - pod.yaml\n");
    String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n";
    Files.writeString(app.resolve("pod.yaml"), "# the pod\n" + pod);
    // kustomize v4 refuses the wrapper's buildMetadata field, and builds a plain entry.
    Path kustomize = script("kustomize", "if grep -q buildMetadata \"$2/kustomization.yaml\"; then\n"
        + "  echo 'Error: invalid Kustomization: json: unknown field \"buildMetadata\"' >&2; exit 1\nfi\ncat \"$2/pod.yaml\"");
    Rendered r = assertInstanceOf(Rendered.class, render(tools(null, kustomize, 10)));
    RenderedDocument doc = r.documents().get(0);
    YNode image = ((YMapping) doc.document().root()).mapping("spec").sequence("containers").items().get(0).asMapping().get("image");
    Location l = doc.locate(image);
    assertEquals(app.resolve("pod.yaml").toAbsolutePath().normalize(), l.file());
    assertEquals(Origin.RESOURCE, l.origin());
    assertEquals("nginx", Files.readString(app.resolve("pod.yaml")).substring(l.start(), l.end()));
  }

  @Test
  void theWrapperKustomizationIsGoneAfterTheBuild() throws Exception {
    Path app = dir.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("kustomization.yaml"), "resources: []\n");
    Path seen = dir.resolve("seen");
    Path kustomize = script("kustomize", "echo \"$2\" > " + seen + "\ncat \"$2/kustomization.yaml\" >> " + seen + "\necho '{}'");
    render(tools(null, kustomize, 10));
    List<String> lines = Files.readAllLines(seen);
    Path wrapper = Path.of(lines.get(0));
    assertTrue(lines.contains("buildMetadata: [originAnnotations]"), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("  - \"") && l.endsWith("/app\"")), lines.toString());
    assertTrue(!Files.exists(wrapper), wrapper + " was left behind");
    assertTrue(!wrapper.startsWith(dir), "the wrapper must be outside the user's tree");
  }

  /**
   * The unsaved text of a buffer is rendered from a copy in a temporary folder: a failure must read as the
   * same text rendered from disk. The copy's path is shorter than the user's, so a one-line summary cut
   * to length from the copy's lines kept other words ("…path 'base': kustomization.yaml is empty" in the
   * editor, "…kustomization.yaml is empty" from check; the differential fuzzer saw the two disagree), and
   * the notes named the copy's temporary folder.
   */
  @Test
  void aFailedRenderOfUnsavedTextSaysWhatTheSameTextOnDiskSays() throws Exception {
    TestTools.require();
    Path base = dir.resolve("a-repository-with-a-long-name/deploy/kubernetes/environments/base");
    Files.createDirectories(base);
    Files.writeString(base.resolve("deployment.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
    Files.writeString(base.resolve("kustomization.yaml"), "");
    ContextSettings kubectl = tools(null, TestTools.kubectl(), 10);
    RenderFailure fromDisk = assertInstanceOf(RenderFailure.class, render(kubectl));
    // What `kubectl kustomize` of the folder says: the build's wrapper around the entry is not the user's.
    assertEquals("kubectl kustomize failed: kustomization.yaml is empty", fromDisk.message());

    Files.writeString(base.resolve("kustomization.yaml"), "resources:\n  - deployment.yaml\n");
    SourceFiles files = SourceFiles.fromDisk();
    Contexts contexts = new ContextDiscovery(kubectl, files).discover(dir, Scenario.allFiles(dir));
    RenderResult unsaved = new ContextRenderer(kubectl, files, Map.of("PATH", "/usr/bin:/bin"), ParseLimits.DEFAULT)
        .render(contexts.rendered().get(0), Map.of(base.resolve("kustomization.yaml"), ""));
    RenderFailure fromCopy = assertInstanceOf(RenderFailure.class, unsaved);
    assertEquals(fromDisk.message(), fromCopy.message());
    assertEquals(fromDisk.toolOutput(), fromCopy.toolOutput());
  }

  /**
   * An overlay lists a base folder that holds no kustomization (deleted on disk): kustomize says so of
   * the folder. The copy that unsaved text is built from held only the files the entry uses, not the
   * folder, and kustomize said instead that the base was not there at all (differential fuzzer, session
   * 4477525227182997277).
   */
  @Test
  void anUnsavedOverlayWhoseBaseHoldsNoKustomizationFailsAsOnDisk() throws Exception {
    TestTools.require();
    Path base = dir.resolve("deploy/base");
    Path prod = dir.resolve("deploy/overlays/prod");
    Files.createDirectories(base);
    Files.createDirectories(prod);
    Files.writeString(base.resolve("deployment.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
    String entry = "resources:\n  - ../../base\n";
    Files.writeString(prod.resolve("kustomization.yaml"), entry);
    ContextSettings kubectl = tools(null, TestTools.kubectl(), 10);
    RenderFailure fromDisk = assertInstanceOf(RenderFailure.class, render(kubectl));
    assertTrue(fromDisk.message().endsWith("resource ../../base is a folder without a kustomization.yaml"), fromDisk.message());

    SourceFiles files = SourceFiles.fromDisk();
    Contexts contexts = new ContextDiscovery(kubectl, files).discover(dir, Scenario.allFiles(dir));
    RenderResult unsaved = new ContextRenderer(kubectl, files, Map.of("PATH", "/usr/bin:/bin"), ParseLimits.DEFAULT)
        .render(contexts.rendered().get(0), Map.of(prod.resolve("kustomization.yaml"), entry));
    RenderFailure fromCopy = assertInstanceOf(RenderFailure.class, unsaved);
    assertEquals(fromDisk.message(), fromCopy.message());
    assertEquals(fromDisk.toolOutput(), fromCopy.toolOutput());
  }
}
