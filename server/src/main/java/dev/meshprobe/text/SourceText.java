package dev.meshprobe.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The text of one file, with its line index built on first use. */
public final class SourceText {
  private final String text;
  private volatile LineIndex lines;
  /** The positions of a source kept without its text, packed; null when the text is kept. */
  private final PackedLines packed;

  public SourceText(String text) {
    this.text = text;
    this.packed = null;
  }

  private SourceText(String text, LineIndex lines) {
    this.text = text;
    this.lines = lines;
    this.packed = null;
  }

  private SourceText(PackedLines packed) {
    this.text = null;
    this.packed = packed;
  }

  /**
   * {@code text}, which is this text with {@code change} made: the line index is moved and patched
   * rather than built again.
   */
  public SourceText edited(String text, TextChange change) {
    LineIndex l = lines;
    return l == null || this.text == null ? new SourceText(text) : new SourceText(text, l.edited(text, change));
  }

  /**
   * The same positions without the text: what a workspace keeps of a file that is not open, to place
   * findings and facts that point into it.
   */
  public SourceText withoutText() {
    return text == null ? this : new SourceText(PackedLines.of(text));
  }

  /** {@code new SourceText(text).withoutText()}, without building the line index on the way. */
  public static SourceText positionsOf(String text) {
    return new SourceText(PackedLines.of(text));
  }

  /** The text, or null when only the positions were kept ({@link #withoutText()}). */
  public String text() {
    return text;
  }

  /**
   * The line index. A source kept without its text builds it anew on each call (its positions are kept
   * packed, about a byte a line); {@link #position} and {@link #length} do not need it.
   */
  public LineIndex lines() {
    if (packed != null) {
      return packed.index();
    }
    LineIndex l = lines;
    if (l == null) {
      l = LineIndex.of(text);
      lines = l;
    }
    return l;
  }

  public Position position(int offset) {
    return packed != null ? packed.position(offset) : lines().position(offset);
  }

  public int length() {
    return text != null ? text.length() : packed.length;
  }

  /**
   * Line starts as the lengths of the lines (to the next line's start, line break included), one byte
   * each when under 255, else 255 and four bytes; with the start and byte position of every
   * {@value #BLOCK}th line, to find a position without reading from the first line.
   */
  private static final class PackedLines {
    static final int BLOCK = 32;
    final int length;
    final int lineCount;
    final byte[] lengths;
    final int[] blockStart;
    final int[] blockByte;

    private PackedLines(int length, int lineCount, byte[] lengths, int[] blockStart, int[] blockByte) {
      this.length = length;
      this.lineCount = lineCount;
      this.lengths = lengths;
      this.blockStart = blockStart;
      this.blockByte = blockByte;
    }

    /** Line breaks as {@link LineIndex#of} counts them: {@code \n}, {@code \r\n} and a lone {@code \r}. */
    static PackedLines of(String text) {
      int n = text.length();
      byte[] out = new byte[Math.max(16, n / 24)];
      int size = 0;
      int[] blockStart = new int[Math.max(4, n / (24 * BLOCK))];
      int[] blockByte = new int[blockStart.length];
      int blocks = 1;
      int lines = 1;
      int lineStart = 0;
      // Without a carriage return every break is a line feed, found by indexOf (much faster than charAt).
      boolean lineFeedsOnly = text.indexOf('\r') < 0;
      for (int i = 0; i < n; i++) {
        if (lineFeedsOnly) {
          i = text.indexOf('\n', i);
          if (i < 0) {
            break;
          }
        }
        char c = text.charAt(i);
        if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
            i++;
          }
          int len = i + 1 - lineStart;
          if (size + 5 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          if (len < 255) {
            out[size++] = (byte) len;
          } else {
            out[size++] = (byte) 255;
            out[size++] = (byte) (len >>> 24);
            out[size++] = (byte) (len >>> 16);
            out[size++] = (byte) (len >>> 8);
            out[size++] = (byte) len;
          }
          lineStart = i + 1;
          if (lines % BLOCK == 0) {
            if (blocks == blockStart.length) {
              blockStart = Arrays.copyOf(blockStart, blocks * 2);
              blockByte = Arrays.copyOf(blockByte, blocks * 2);
            }
            blockStart[blocks] = lineStart;
            blockByte[blocks] = size;
            blocks++;
          }
          lines++;
        }
      }
      return new PackedLines(n, lines, Arrays.copyOf(out, size), Arrays.copyOf(blockStart, blocks), Arrays.copyOf(blockByte, blocks));
    }

    Position position(int offset) {
      int clamped = Math.max(0, Math.min(offset, length));
      int k = Arrays.binarySearch(blockStart, clamped);
      k = k >= 0 ? k : -k - 2;
      int line = k * BLOCK;
      int start = blockStart[k];
      int b = blockByte[k];
      while (line < lineCount - 1) {
        int len = lengths[b] & 0xFF;
        int width = 1;
        if (len == 255) {
          len = (lengths[b + 1] & 0xFF) << 24 | (lengths[b + 2] & 0xFF) << 16 | (lengths[b + 3] & 0xFF) << 8 | (lengths[b + 4] & 0xFF);
          width = 5;
        }
        if (start + len > clamped) {
          break;
        }
        start += len;
        b += width;
        line++;
      }
      return new Position(line, clamped - start);
    }

    /** A line index with the same line starts, built from a stand-in text that breaks lines where the file did. */
    LineIndex index() {
      byte[] standIn = new byte[length];
      Arrays.fill(standIn, (byte) ' ');
      int start = 0;
      for (int b = 0; b < lengths.length; ) {
        int len = lengths[b] & 0xFF;
        if (len == 255) {
          len = (lengths[b + 1] & 0xFF) << 24 | (lengths[b + 2] & 0xFF) << 16 | (lengths[b + 3] & 0xFF) << 8 | (lengths[b + 4] & 0xFF);
          b += 5;
        } else {
          b++;
        }
        start += len;
        standIn[start - 1] = '\n';
      }
      return LineIndex.of(new String(standIn, StandardCharsets.ISO_8859_1));
    }
  }
}
