package dev.meshprobe.fixes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replaces {@code length} chars at {@code offset} (UTF-16 units into the text it was made for) with {@code replacement}. */
public record TextEdit(int offset, int length, String replacement) {
  public TextEdit {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length");
    }
  }

  public static TextEdit insert(int offset, String text) {
    return new TextEdit(offset, 0, text);
  }

  public static TextEdit replace(int start, int end, String text) {
    return new TextEdit(start, end - start, text);
  }

  public int end() {
    return offset + length;
  }

  /**
   * Applies edits made for the same text. They must not overlap; insertions at one offset keep their
   * order in the list.
   */
  public static String apply(String text, List<TextEdit> edits) {
    List<TextEdit> sorted = sorted(edits);
    StringBuilder out = new StringBuilder(text.length() + 256);
    int at = 0;
    for (TextEdit e : sorted) {
      if (e.offset < at || e.end() > text.length()) {
        throw new IllegalArgumentException("overlapping or out-of-range edit " + e);
      }
      out.append(text, at, e.offset).append(e.replacement);
      at = e.end();
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  /** The edits by offset, insertions at the same offset in their original order. */
  public static List<TextEdit> sorted(List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::offset).thenComparingInt(e -> e.length() == 0 ? 0 : 1));
    return sorted;
  }
}
