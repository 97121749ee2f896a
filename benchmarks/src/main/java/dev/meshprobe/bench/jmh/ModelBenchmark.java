package dev.meshprobe.bench.jmh;

import dev.meshprobe.engine.BenchAccess;
import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YamlDocument;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The model stage: resources, workloads, containers and probes read from parsed documents. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ModelBenchmark {
  @Benchmark
  public void file(GeneratedFile f, Blackhole bh) {
    for (YamlDocument d : f.parsed.documents()) {
      model(d, bh);
    }
  }

  @Benchmark
  public void document(GeneratedFile f, Blackhole bh) {
    model(f.deployment, bh);
  }

  static void model(YamlDocument d, Blackhole bh) {
    for (Resource r : BenchAccess.resources("generated.yaml", d)) {
      bh.consume(r.kind());
      bh.consume(r.labels());
      Workload w = Workload.of(r);
      if (w == null) {
        continue;
      }
      bh.consume(w.pod().annotations());
      for (Container c : w.pod().containers()) {
        bh.consume(c.ports());
        for (Probe p : c.probes()) {
          bh.consume(p.handler());
          bh.consume(p.port());
        }
      }
    }
  }
}
