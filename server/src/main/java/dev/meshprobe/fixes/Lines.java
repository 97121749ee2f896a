package dev.meshprobe.fixes;

/** Line arithmetic on raw text, where a line ends at {@code \n}, {@code \r\n} or a lone {@code \r} as in YAML. */
final class Lines {
  private Lines() {}

  /** Offset of the first char of the line holding {@code offset}. */
  static int lineStart(String text, int offset) {
    int i = Math.min(offset, text.length());
    while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
      i--;
    }
    return i;
  }

  /** Offset just past the last char of the line holding {@code offset}, before its line break. */
  static int lineEnd(String text, int offset) {
    int i = offset;
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /** Offset of the line after the one holding {@code offset}, or the end of the text. */
  static int nextLineStart(String text, int offset) {
    int i = lineEnd(text, offset);
    if (i < text.length() && text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
      return i + 2;
    }
    return i < text.length() ? i + 1 : i;
  }

  static int column(String text, int offset) {
    return offset - lineStart(text, offset);
  }

  /** The number of spaces that start the line holding {@code offset}. */
  static int indentOfLine(String text, int offset) {
    int start = lineStart(text, offset);
    int i = start;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i - start;
  }

  /** True when only spaces stand between the start of the line and {@code offset}. */
  static boolean firstOnLine(String text, int offset) {
    for (int i = lineStart(text, offset); i < offset; i++) {
      if (text.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  /** The line break the file uses (its first one), so that inserted lines match: CRLF files stay CRLF. */
  static String newline(String text) {
    // Only the first line is read: a file without carriage returns is not scanned to its end.
    int i = text.indexOf('\n');
    int end = i < 0 ? text.length() : i;
    for (int r = 0; r < end; r++) {
      if (text.charAt(r) == '\r') {
        return r + 1 < text.length() && text.charAt(r + 1) == '\n' ? "\r\n" : "\r";
      }
    }
    return "\n";
  }

  static boolean endsWithNewline(String text) {
    return !text.isEmpty() && (text.charAt(text.length() - 1) == '\n' || text.charAt(text.length() - 1) == '\r');
  }

  static String spaces(int n) {
    return " ".repeat(Math.max(0, n));
  }
}
