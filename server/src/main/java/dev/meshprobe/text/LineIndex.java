package dev.meshprobe.text;

import java.util.Arrays;

/**
 * Line starts of a text, for turning char offsets (UTF-16 units, as Java strings count them) into
 * 0-based line and UTF-16 column, and back. A line ends at {@code \n}, {@code \r\n} or a lone {@code \r},
 * as YAML 1.2 defines line breaks.
 */
public final class LineIndex {
  private final int[] lineStarts;
  private final int length;

  private LineIndex(int[] lineStarts, int length) {
    this.lineStarts = lineStarts;
    this.length = length;
  }

  public static LineIndex of(CharSequence text) {
    int n = text.length();
    int[] starts = new int[Math.max(16, n / 32)];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[count++] = i + 1;
      }
    }
    return new LineIndex(Arrays.copyOf(starts, count), n);
  }

  /**
   * The line index of {@code text}, which is the text this index was built for with {@code change}
   * made: line starts before the change are kept, those after it are moved, and only the changed
   * stretch is scanned. Equal to {@code LineIndex.of(text)}.
   */
  public LineIndex edited(CharSequence text, TextChange change) {
    int n = text.length();
    if (change.oldEnd() > length || change.newEnd() > n || n - change.newEnd() != length - change.oldEnd()) {
      return of(text);
    }
    // A line start q depends on the chars at q - 1 and q (a \r followed by \n starts no line), so
    // starts below the change and starts more than one char past its old end are unchanged.
    int keepHead = firstAtOrAfter(change.start());
    int keepTail = firstAtOrAfter(change.oldEnd() + 1);
    int[] middle = new int[16];
    int m = 0;
    for (int q = Math.max(1, change.start()); q <= change.newEnd() && q <= n; q++) {
      char c = text.charAt(q - 1);
      if (c == '\n' || (c == '\r' && (q == n || text.charAt(q) != '\n'))) {
        if (m == middle.length) {
          middle = Arrays.copyOf(middle, m * 2);
        }
        middle[m++] = q;
      }
    }
    int head = Math.max(1, keepHead);
    int tail = lineStarts.length - keepTail;
    int[] starts = new int[head + m + tail];
    System.arraycopy(lineStarts, 0, starts, 0, head);
    System.arraycopy(middle, 0, starts, head, m);
    int delta = change.delta();
    for (int i = 0; i < tail; i++) {
      starts[head + m + i] = lineStarts[keepTail + i] + delta;
    }
    return new LineIndex(starts, n);
  }

  /** The index of the first line start at or after {@code offset}. */
  private int firstAtOrAfter(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i : -i - 1;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  public int length() {
    return length;
  }

  /** The 0-based line holding {@code offset}; an offset past the end belongs to the last line. */
  public int lineOf(int offset) {
    int i = Arrays.binarySearch(lineStarts, Math.max(0, Math.min(offset, length)));
    return i >= 0 ? i : -i - 2;
  }

  public int lineStart(int line) {
    return lineStarts[Math.max(0, Math.min(line, lineStarts.length - 1))];
  }

  /** Offset just past the last character of {@code line}, before its line break. */
  public int lineEnd(CharSequence text, int line) {
    int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : length;
    while (end > lineStart(line) && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return end;
  }

  public Position position(int offset) {
    int clamped = Math.max(0, Math.min(offset, length));
    int line = lineOf(clamped);
    return new Position(line, clamped - lineStarts[line]);
  }

  /** The offset of a 0-based line and UTF-16 column, clamped into the text. */
  public int offset(int line, int character) {
    if (line < 0) {
      return 0;
    }
    if (line >= lineStarts.length) {
      return length;
    }
    int next = line + 1 < lineStarts.length ? lineStarts[line + 1] : length;
    return Math.min(lineStarts[line] + Math.max(0, character), next);
  }
}
