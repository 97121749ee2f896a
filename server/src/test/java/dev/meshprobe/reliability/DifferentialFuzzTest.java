package dev.meshprobe.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@link DifferentialFuzzer}'s bounded run: sessions drawn from a fixed seed for about two minutes
 * (the normal test run), or as {@code scripts/fuzz-lsp.sh} asks: {@code -Dmeshprobe.fuzz.duration=30m}
 * with {@code -Dmeshprobe.fuzz.seed=N} for a long run, {@code -Dmeshprobe.fuzz.replay=SESSION_SEED} to
 * replay the one session a failure names. Prints what the run did.
 */
class DifferentialFuzzTest {
  /** The seed of the normal test run: the same sessions every time, as far as two minutes go. */
  static final long CI_SEED = 15_2026_12_03L;
  private static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();

  @Test
  void theServerPublishesWhatTheCommandLineFindsWhateverTheEditorSends() throws Exception {
    DifferentialFuzzer fuzzer = new DifferentialFuzzer(REPO.resolve("../shared/corpus").normalize(), REPO.resolve("server/target/lsp-fuzz"),
        System.out);
    String replay = System.getProperty("meshprobe.fuzz.replay");
    DifferentialFuzzer.Counts counts;
    if (replay != null && !replay.isBlank()) {
      counts = fuzzer.replay(Long.parseLong(replay.trim()));
      System.out.println("differential fuzz, session " + replay.trim() + " replayed: " + counts);
    } else {
      long seed = Long.parseLong(System.getProperty("meshprobe.fuzz.seed", String.valueOf(CI_SEED)).trim());
      Duration budget = duration(System.getProperty("meshprobe.fuzz.duration", "2m"));
      System.out.println("differential fuzz: seed " + seed + ", for " + budget.toSeconds() + " s");
      counts = fuzzer.run(seed, budget);
      System.out.println("differential fuzz: seed " + seed + ": " + counts);
    }
    assertTrue(counts.comparisons > 0 && counts.didChanges > 0, "the run compared nothing: " + counts);
  }

  /** {@code 90s}, {@code 2m}, {@code 1h}, or a number of seconds. */
  static Duration duration(String text) {
    String t = text.trim();
    char unit = t.charAt(t.length() - 1);
    long n = Character.isDigit(unit) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
    return switch (unit) {
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
