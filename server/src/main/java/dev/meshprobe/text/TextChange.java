package dev.meshprobe.text;

/**
 * Where a text changed: the old text's {@code [start, oldEnd)} became the new text's {@code [start, newEnd)};
 * everything before {@code start} and after the two ends is the same in both. Built from an editor's
 * incremental changes, it lets the engine redo only the part of a file an edit touched.
 */
public record TextChange(int start, int oldEnd, int newEnd) {
  public TextChange {
    if (start < 0 || oldEnd < start || newEnd < start) {
      throw new IllegalArgumentException("bad change [" + start + ", " + oldEnd + ") -> [" + start + ", " + newEnd + ")");
    }
  }

  /** How far text after the change moved. */
  public int delta() {
    return newEnd - oldEnd;
  }

  /** The change that replaces {@code [from, to)} with {@code inserted} chars. */
  public static TextChange replace(int from, int to, int inserted) {
    return new TextChange(from, to, from + inserted);
  }

  /**
   * This change followed by {@code next} (whose offsets are in the text this one produced), as one
   * change: the region between the unchanged start and the unchanged end of both. {@code lengthBetween}
   * is the length of the text between the two changes (this one's result).
   */
  public TextChange then(TextChange next, int lengthBetween) {
    int unchangedHead = Math.min(start, next.start);
    // Unchanged tail, counted from the end, of the first text and then of the second.
    int tailAfterThis = lengthBetween - newEnd;
    int tailAfterNext = lengthBetween - next.oldEnd;
    int unchangedTail = Math.min(tailAfterThis, tailAfterNext);
    int oldLength = lengthBetween - delta();
    int newLength = lengthBetween + next.delta();
    return new TextChange(unchangedHead, oldLength - unchangedTail, newLength - unchangedTail);
  }
}
