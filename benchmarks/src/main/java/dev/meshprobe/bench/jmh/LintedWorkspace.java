package dev.meshprobe.bench.jmh;

import dev.meshprobe.engine.BenchAccess;
import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A workspace folder holding only the generated file, indexed and open as an editor buffer, linted
 * once (so its caches are warm). The edits toggle between the original text and an edited one, so
 * every invocation is a real change.
 */
@State(Scope.Thread)
public class LintedWorkspace {
  public Path dir;
  public Path file;
  public Workspace ws;
  public GeneratedFile gen;
  public MeshModel mesh;
  public List<List<Resource>> resources;
  public List<Resource> deploymentResources;
  public boolean edited;
  /** A probe finding of the file (the kind with the most varied fixes), for the fix benchmarks. */
  public Finding probeFinding;

  @Setup
  public void setup(GeneratedFile g) throws IOException {
    gen = g;
    dir = Files.createTempDirectory("meshprobe-bench");
    file = dir.resolve("generated.yaml").toAbsolutePath();
    Files.writeString(file, g.text);
    ws = new Workspace(List.of(dir), Log.SILENT);
    ws.indexFolders();
    ws.openFile(file, g.text);
    probeFinding = ws.lint(file).stream().filter(f -> f.rule().equals("probe-blocked-by-strict-mtls")).findFirst().orElseThrow();
    if (new FixSupport(ws).fixes(file, probeFinding).isEmpty()) {
      throw new IllegalStateException("no fixes offered for " + probeFinding);
    }
    mesh = ws.meshModel(file);
    resources = new ArrayList<>();
    for (YamlDocument d : g.parsed.documents()) {
      resources.add(BenchAccess.resources(file.toString(), d));
    }
    deploymentResources = BenchAccess.resources(file.toString(), g.deployment);
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The next text of an edit that toggles between the original and {@code changed}. */
  public String toggle(String changed) {
    edited = !edited;
    return edited ? changed : gen.text;
  }
}
