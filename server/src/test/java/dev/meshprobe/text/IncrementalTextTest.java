package dev.meshprobe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A patched line index and a combined change must be what building from scratch gives. */
class IncrementalTextTest {
  private static final String[] PIECES = {"a", "\n", "\r", "\r\n", "---\n", " ", "😀", "\n\n", "xyz", ""};

  private static String randomText(Random random, int pieces) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }

  private static void assertSameIndex(LineIndex expected, LineIndex actual, String context) {
    assertEquals(expected.length(), actual.length(), context);
    assertEquals(expected.lineCount(), actual.lineCount(), context);
    for (int line = 0; line < expected.lineCount(); line++) {
      assertEquals(expected.lineStart(line), actual.lineStart(line), context + ", line " + line);
    }
  }

  @Test
  void patchedLineIndexEqualsAFreshOne() {
    Random random = new Random(7);
    for (int run = 0; run < 3000; run++) {
      String before = randomText(random, random.nextInt(30));
      int from = random.nextInt(before.length() + 1);
      int to = from + random.nextInt(before.length() - from + 1);
      String inserted = randomText(random, random.nextInt(4));
      String after = before.substring(0, from) + inserted + before.substring(to);
      TextChange change = TextChange.replace(from, to, inserted.length());
      LineIndex patched = LineIndex.of(before).edited(after, change);
      assertSameIndex(LineIndex.of(after), patched, "run " + run + ": " + escape(before) + " -> " + escape(after));
    }
  }

  @Test
  void aChangeThatDoesNotFitTheTextFallsBackToAFullScan() {
    LineIndex wrong = LineIndex.of("a\nb").edited("x\ny\nz", TextChange.replace(0, 1, 1));
    assertSameIndex(LineIndex.of("x\ny\nz"), wrong, "lengths disagree with the change");
  }

  @Test
  void sourceTextKeepsItsIndexPatchedAcrossEdits() {
    SourceText source = new SourceText("a: 1\r\nb: 2\n");
    source.lines();
    SourceText edited = source.edited("a: 1\r\n\nb: 2\n", TextChange.replace(6, 6, 1));
    assertEquals(new Position(2, 0), edited.position(7));
    assertSameIndex(LineIndex.of(edited.text()), edited.lines(), "edited");
  }

  @Test
  void consecutiveChangesCombineIntoOneThatCoversBoth() {
    Random random = new Random(11);
    for (int run = 0; run < 3000; run++) {
      String t0 = randomText(random, 1 + random.nextInt(20));
      int f1 = random.nextInt(t0.length() + 1);
      int e1 = f1 + random.nextInt(t0.length() - f1 + 1);
      String i1 = randomText(random, random.nextInt(3));
      String t1 = t0.substring(0, f1) + i1 + t0.substring(e1);
      int f2 = random.nextInt(t1.length() + 1);
      int e2 = f2 + random.nextInt(t1.length() - f2 + 1);
      String i2 = randomText(random, random.nextInt(3));
      String t2 = t1.substring(0, f2) + i2 + t1.substring(e2);
      TextChange both = TextChange.replace(f1, e1, i1.length()).then(TextChange.replace(f2, e2, i2.length()), t1.length());
      String context = "run " + run + ": " + escape(t0) + " -> " + escape(t1) + " -> " + escape(t2) + " as " + both;
      assertEquals(t0.substring(0, both.start()), t2.substring(0, both.start()), context);
      assertEquals(t0.substring(both.oldEnd()), t2.substring(both.newEnd()), context);
      assertEquals(t2.length() - t0.length(), both.delta(), context);
    }
  }

  @Test
  void aChangeMustNotEndBeforeItStarts() {
    assertThrows(IllegalArgumentException.class, () -> new TextChange(4, 3, 5));
    assertEquals(-2, new TextChange(1, 4, 2).delta());
  }

  private static String escape(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
