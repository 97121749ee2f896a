package dev.meshprobe.text;

/** The text of one file, with its line index built on first use. */
public final class SourceText {
  private final String text;
  private volatile LineIndex lines;

  public SourceText(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public LineIndex lines() {
    LineIndex l = lines;
    if (l == null) {
      l = LineIndex.of(text);
      lines = l;
    }
    return l;
  }

  public Position position(int offset) {
    return lines().position(offset);
  }

  public int length() {
    return text.length();
  }
}
