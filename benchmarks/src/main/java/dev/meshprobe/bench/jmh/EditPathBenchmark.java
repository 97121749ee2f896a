package dev.meshprobe.bench.jmh;

import dev.meshprobe.bench.Sites;
import dev.meshprobe.lsp.BenchLsp;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole of the server's engine-thread work for one {@code didChange} of one character, without the
 * JSON: apply the incremental change to the text, update the workspace, lint, convert the findings to
 * protocol diagnostics. The difference to {@link RulesBenchmark#editProbeThenLint} is the language
 * server's own share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EditPathBenchmark {
  @State(Scope.Thread)
  public static class Edit {
    final BenchLsp lsp = new BenchLsp();
    String current;
    Sites.Site site;

    @Setup
    public void setup(LintedWorkspace w) {
      current = w.gen.text;
      List<Sites.Site> probes = Sites.probePortDigits(current);
      site = probes.get(probes.size() / 2);
    }
  }

  @Benchmark
  public List<?> didChangeProbePort(LintedWorkspace w, Edit e) {
    var change = BenchLsp.charChange(e.current, e.site.line(), e.site.character());
    e.current = BenchLsp.replaceChar(e.current, e.site.line(), e.site.character(), Sites.nextDigit(e.current.charAt(e.site.offset())));
    w.ws.openFile(w.file, e.current, change);
    return e.lsp.diagnostics(w.ws, w.file);
  }
}
