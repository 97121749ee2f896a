package dev.meshprobe.bench.jmh;

import dev.meshprobe.yaml.YamlFile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/** The parse stage: {@code YamlParser.parse} of the generated file, whole and after an edit, and of one document. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ParseBenchmark {
  /** Every document of the 13k-line file composed from scratch. */
  @Benchmark
  public YamlFile fileFull(GeneratedFile f) {
    return f.parser.parse(f.text);
  }

  /**
   * The file after a one-character edit, with the previous parse given but not where the text changed:
   * the whole text is cut again and one document composed again.
   */
  @Benchmark
  public YamlFile fileIncremental(GeneratedFile f) {
    return f.parser.parse(f.probeEdited, f.parsed);
  }

  /** The same edit with where it changed, as the language server parses: only the documents around it are cut again. */
  @Benchmark
  public YamlFile fileEdit(GeneratedFile f) {
    return f.parser.parse(f.probeEditedSource, f.parsed, f.probeChange);
  }

  /** One Deployment document (about 60 lines) on its own. */
  @Benchmark
  public YamlFile document(GeneratedFile f) {
    return f.parser.parse(f.deploymentText);
  }
}
