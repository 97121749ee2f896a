package dev.meshprobe.bench.jmh;

import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.fixes.Fix;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fix stage on the generated file: every fix offered for one finding (what a code action request
 * computes for a client that does not resolve edits), and fix-all of the whole file (each preferred fix
 * applied and the file linted again, as {@code source.fixAll} and {@code meshprobe fix} do).
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FixBenchmark {
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Fix> fixesOfOneFinding(LintedWorkspace w) {
    return new FixSupport(w.ws).fixes(w.file, w.probeFinding);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public FixSupport.FixAll fixAllFile(LintedWorkspace w) {
    return new FixSupport(w.ws).fixAll(w.file, f -> true);
  }
}
