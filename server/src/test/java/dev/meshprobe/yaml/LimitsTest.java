package dev.meshprobe.yaml;

import static dev.meshprobe.yaml.Trees.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LimitsTest {
  /** A guard against hangs, not a benchmark: these inputs take milliseconds. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  private static YamlProblem notAnalysed(YamlDocument doc) {
    assertNull(doc.root());
    YamlProblem p = onlyProblem(doc);
    assertEquals(YamlProblem.Kind.NOT_ANALYSED, p.kind());
    assertEquals(0, p.start());
    return p;
  }

  /** Runs on a thread with a small stack, as a language server's worker thread might have. */
  private static <T> T onSmallStack(Supplier<T> work) throws InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "small-stack", 256 * 1024);
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("parsing threw", failure.get());
    }
    return result.get();
  }

  private static String billionLaughs(int levels, int width) {
    StringBuilder text = new StringBuilder("l0: &l0 [lol]\n");
    for (int level = 1; level <= levels; level++) {
      text.append('l').append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < width; i++) {
        text.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      text.append("]\n");
    }
    return text.toString();
  }

  @Test
  void tooManyAliasesIsNotAnalysed() {
    String bomb = billionLaughs(12, 10);
    YamlFile file = assertTimeoutPreemptively(HANG_GUARD, () -> new YamlParser().parse(bomb + "---\nkind: Pod\n"));
    assertEquals("alias expansion over the limit of 100 aliases", notAnalysed(file.documents().get(0)).message());
    assertEquals("Pod", file.documents().get(1).root().asMapping().string("kind"));
  }

  @Test
  void classicBillionLaughsUnderTheAliasCountIsStoppedByItsExpandedSize() {
    String bomb = billionLaughs(9, 9);
    YamlFile file = assertTimeoutPreemptively(HANG_GUARD, () -> new YamlParser().parse(bomb));
    assertEquals("alias expansion over the limit of 1,000,000 nodes", notAnalysed(file.documents().get(0)).message());
  }

  @Test
  void modestAliasUseIsAShareNotACopy() {
    YamlDocument doc = new YamlParser().parse(billionLaughs(3, 3)).documents().get(0);
    assertEquals(List.of(), doc.problems());
    YSequence l3 = doc.root().asMapping().sequence("l3");
    assertSame(l3.items().get(0), l3.items().get(2));
  }

  @Test
  void recursiveAliasIsCutInsteadOfLooping() {
    YamlDocument doc = assertTimeoutPreemptively(HANG_GUARD,
        () -> new YamlParser().parse("a: &x\n  name: loop\n  self: *x\nb: &s [1, *s]\n").documents().get(0));
    YMapping a = doc.root().asMapping().mapping("a");
    assertEquals("loop", a.string("name"));
    assertEquals(List.of(), a.mapping("self").entries());
    YSequence b = doc.root().asMapping().sequence("b");
    assertEquals(List.of(), b.items().get(1).asSequence().items());
  }

  @Test
  void tenThousandDeepFlowNestingIsNotAnalysed() throws InterruptedException {
    String deep = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n---\nkind: Pod\n";
    YamlFile file = onSmallStack(() -> new YamlParser().parse(deep));
    assertEquals("nesting deeper than 500 levels", notAnalysed(file.documents().get(0)).message());
    assertEquals("Pod", file.documents().get(1).root().asMapping().string("kind"));
  }

  @Test
  void tenThousandDeepFlowMappingsAreNotAnalysed() throws InterruptedException {
    String deep = "{a: ".repeat(10_000) + "1" + "}".repeat(10_000);
    YamlFile file = onSmallStack(() -> new YamlParser().parse(deep));
    assertEquals("nesting deeper than 500 levels", notAnalysed(file.documents().get(0)).message());
  }

  @Test
  void tenThousandDeepBlockIndentationIsNotAnalysed() throws InterruptedException {
    // Ten thousand levels of indentation take 50 million characters, over the default file limit.
    YamlParser parser = new YamlParser(new ParseLimits(64 * 1024 * 1024, 100, 500));
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      deep.append(" ".repeat(i)).append(i % 2 == 0 ? "k:" : "k: &a" + i).append('\n');
    }
    YamlFile file = onSmallStack(() -> parser.parse(deep.toString()));
    assertEquals("nesting deeper than 500 levels", notAnalysed(file.documents().get(0)).message());
  }

  @Test
  void deepBlockIndentationWithinTheDefaultFileLimitIsNotAnalysed() throws InterruptedException {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 1_500; i++) {
      deep.append("  ".repeat(i)).append("- k:\n");
    }
    YamlFile file = onSmallStack(() -> new YamlParser().parse(deep.toString()));
    assertEquals("nesting deeper than 500 levels", notAnalysed(file.documents().get(0)).message());
  }

  @Test
  void tenThousandDeepCompactSequencesAreNotAnalysed() throws InterruptedException {
    String deep = "- ".repeat(10_000) + "x\n";
    YamlFile file = onSmallStack(() -> new YamlParser().parse(deep));
    assertEquals("nesting deeper than 500 levels", notAnalysed(file.documents().get(0)).message());
  }

  @Test
  void stackOverflowPastThePreScanIsStillCaught() throws InterruptedException {
    YamlParser unguarded = new YamlParser(new ParseLimits(ParseLimits.DEFAULT.maxFileChars(), 100, 1_000_000));
    String deep = "[".repeat(50_000) + "]".repeat(50_000);
    YamlFile file = onSmallStack(() -> unguarded.parse(deep));
    assertEquals("nesting too deep to analyse", notAnalysed(file.documents().get(0)).message());
  }

  @Test
  void depthAtTheLimitIsAnalysedAndOneMoreIsNot() {
    YamlParser parser = new YamlParser(new ParseLimits(1 << 20, 100, 50));
    YamlDocument atLimit = parser.parse("[".repeat(50) + "]".repeat(50)).documents().get(0);
    assertEquals(List.of(), atLimit.problems());
    assertNotNull(atLimit.root());
    notAnalysed(parser.parse("[".repeat(51) + "]".repeat(51)).documents().get(0));
  }

  @Test
  void deepButLegalManifestNestingParses() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("  ".repeat(i)).append("level").append(i).append(":\n");
    }
    text.append("  ".repeat(100)).append("leaf: 1\n");
    YamlDocument doc = new YamlParser().parse(text.toString()).documents().get(0);
    assertEquals(List.of(), doc.problems());
  }

  @Test
  void fileOverTheSizeLimitIsNotAnalysed() {
    YamlParser parser = new YamlParser(new ParseLimits(1024, 100, 500));
    YamlFile file = parser.parse("a: " + "x".repeat(2000));
    assertEquals(List.of(), file.documents());
    assertNotNull(file.notAnalysed());
    assertEquals(YamlProblem.Kind.NOT_ANALYSED, file.notAnalysed().kind());
    assertEquals("larger than the 1 KB limit", file.notAnalysed().message());
  }

  @Test
  void defaultSizeLimitIsTenMegabytes() {
    String big = "a: b\n".repeat(ParseLimits.DEFAULT.maxFileChars() / 5 + 1);
    YamlFile file = new YamlParser().parse(big);
    assertEquals("larger than the 10 MB limit", file.notAnalysed().message());
    assertTrue(file.documents().isEmpty());
  }
}
