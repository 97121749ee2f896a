package dev.meshprobe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A source kept without its text places every offset where the text's own line index does. */
class SourceTextTest {
  private static void samePositions(String text) {
    SourceText full = new SourceText(text);
    for (SourceText kept : List.of(full.withoutText(), SourceText.positionsOf(text))) {
      assertNull(kept.text());
      assertEquals(text.length(), kept.length());
      for (int offset = -2; offset <= text.length() + 2; offset++) {
        assertEquals(full.position(offset), kept.position(offset), "offset " + offset);
      }
      LineIndex a = full.lines();
      LineIndex b = kept.lines();
      assertEquals(a.lineCount(), b.lineCount());
      assertEquals(a.length(), b.length());
      for (int line = 0; line < a.lineCount(); line++) {
        assertEquals(a.lineStart(line), b.lineStart(line), "line " + line);
      }
    }
  }

  @Test
  void lineBreaksOfEveryKind() {
    samePositions("");
    samePositions("a");
    samePositions("\n");
    samePositions("a\nb\r\nc\rd\n\n\r\n\r\re");
    samePositions("ends with a break\r\n");
  }

  @Test
  void longLinesAndManyLines() {
    samePositions("x".repeat(254) + "\n" + "y".repeat(255) + "\n" + "z".repeat(70_000) + "\r\nend");
    Random random = new Random(7);
    StringBuilder s = new StringBuilder();
    String[] breaks = {"\n", "\r\n", "\r"};
    for (int i = 0; i < 3000; i++) {
      s.append("k".repeat(random.nextInt(i % 100 == 0 ? 600 : 40))).append(breaks[random.nextInt(3)]);
    }
    samePositions(s.toString());
    samePositions(s.toString().replace("\r\n", "\n").replace('\r', '\n'));
  }
}
