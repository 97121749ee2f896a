package dev.meshprobe.bench.jmh;

import dev.meshprobe.engine.BenchAccess;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YamlDocument;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The rules stage, through {@code Workspace.lint} as the server calls it (warm caches; after an edit
 * of a probe port; after an edit of a Service, which is mesh-relevant) and, uncached, every rule hook
 * of one document and of the whole file.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RulesBenchmark {
  /** {@code Workspace.lint} of the file with nothing changed: the cached findings, configured, suppressed, sorted. */
  @Benchmark
  public List<Finding> lintWarm(LintedWorkspace w) {
    return w.ws.lint(w.file);
  }

  /**
   * A one-digit edit of a probe port, told where it changed as the server tells it (one document parsed
   * again, the line index patched), then {@code lint}.
   */
  @Benchmark
  public List<Finding> editProbeThenLint(LintedWorkspace w) {
    w.ws.openFile(w.file, w.toggle(w.gen.probeEdited), w.gen.probeChange);
    return w.ws.lint(w.file);
  }

  /**
   * A one-digit edit of a Service's target port, then {@code lint}: the mesh index is rebuilt and the
   * workloads of the Service's namespace are linted again.
   */
  @Benchmark
  public List<Finding> editServiceThenLint(LintedWorkspace w) {
    w.ws.openFile(w.file, w.toggle(w.gen.serviceEdited), w.gen.serviceChange);
    return w.ws.lint(w.file);
  }

  /** Every rule hook of one Deployment document, uncached. */
  @Benchmark
  public void document(LintedWorkspace w, Blackhole bh) {
    BenchAccess.documentRules(w.file.toString(), w.gen.deployment, w.deploymentResources, w.mesh, bh::consume);
  }

  /** Every rule hook of every document of the file plus the workspace rules, uncached. */
  @Benchmark
  public void fileUncached(LintedWorkspace w, Blackhole bh) {
    List<YamlDocument> docs = w.gen.parsed.documents();
    for (int i = 0; i < docs.size(); i++) {
      List<Resource> rs = w.resources.get(i);
      BenchAccess.documentRules(w.file.toString(), docs.get(i), rs, w.mesh, bh::consume);
    }
    BenchAccess.workspaceRules(w.mesh, bh::consume);
  }
}
