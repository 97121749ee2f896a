package dev.meshprobe.text;

/** The text of one file, with its line index built on first use. */
public final class SourceText {
  private final String text;
  private volatile LineIndex lines;

  public SourceText(String text) {
    this.text = text;
  }

  private SourceText(String text, LineIndex lines) {
    this.text = text;
    this.lines = lines;
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
    return text == null ? this : new SourceText(null, lines());
  }

  /** The text, or null when only the positions were kept ({@link #withoutText()}). */
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
    return text != null ? text.length() : lines().length();
  }
}
