package dev.meshprobe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LineIndexTest {
  @Test
  void lineFeedsSplitLines() {
    LineIndex lines = LineIndex.of("ab\ncd\n");
    assertEquals(3, lines.lineCount());
    assertEquals(new Position(1, 1), lines.position(4));
    assertEquals(new Position(2, 0), lines.position(6));
  }

  @Test
  void crlfIsOneLineBreak() {
    String text = "a: 1\r\nb: 2\r\n";
    LineIndex lines = LineIndex.of(text);
    assertEquals(3, lines.lineCount());
    assertEquals(6, lines.lineStart(1));
    assertEquals(new Position(1, 3), lines.position(text.indexOf('2')));
    assertEquals(4, lines.lineEnd(text, 0));
  }

  @Test
  void loneCarriageReturnEndsALine() {
    String text = "a\rb\r\nc";
    LineIndex lines = LineIndex.of(text);
    assertEquals(3, lines.lineCount());
    assertEquals(new Position(1, 0), lines.position(2));
    assertEquals(new Position(2, 0), lines.position(5));
  }

  @Test
  void columnsCountUtf16UnitsSoAnEmojiTakesTwo() {
    String text = "x: \uD83D\uDE00y\nz";
    LineIndex lines = LineIndex.of(text);
    assertEquals(new Position(0, 5), lines.position(text.indexOf('y')));
    assertEquals(text.indexOf('y'), lines.offset(0, 5));
  }

  @Test
  void offsetsAndPositionsRoundTrip() {
    String text = "first\r\nsecond\rthird\nlast";
    LineIndex lines = LineIndex.of(text);
    for (int offset = 0; offset <= text.length(); offset++) {
      Position p = lines.position(offset);
      if (offset < text.length() && text.charAt(offset) == '\n' && offset > 0 && text.charAt(offset - 1) == '\r') {
        continue;
      }
      assertEquals(offset, lines.offset(p.line(), p.character()), "offset " + offset);
    }
  }

  @Test
  void outOfRangeInputIsClamped() {
    String text = "ab\ncd";
    LineIndex lines = LineIndex.of(text);
    assertEquals(new Position(1, 2), lines.position(99));
    assertEquals(new Position(0, 0), lines.position(-5));
    assertEquals(0, lines.offset(-1, 0));
    assertEquals(text.length(), lines.offset(7, 0));
    assertEquals(3, lines.offset(0, 40));
  }

  @Test
  void emptyTextHasOneEmptyLine() {
    LineIndex lines = LineIndex.of("");
    assertEquals(1, lines.lineCount());
    assertEquals(new Position(0, 0), lines.position(0));
  }

  @Test
  void sourceTextBuildsItsIndexOnce() {
    SourceText source = new SourceText("a\nb");
    assertEquals(new Position(1, 0), source.position(2));
    assertEquals(source.lines(), source.lines());
  }
}
