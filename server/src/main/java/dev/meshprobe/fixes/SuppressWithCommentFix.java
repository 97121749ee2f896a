package dev.meshprobe.fixes;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code # meshprobe:ignore <rule-id> -- <reason>} on its own line above the line the finding
 * starts on, at that line's indentation, or adds the rule id to such a comment already there. The
 * reason is a placeholder for the author to fill in: a suppression without one is a mystery later.
 */
final class SuppressWithCommentFix extends Fix {
  static final String ID = "suppress-with-comment";
  static final String REASON_PLACEHOLDER = "<reason>";
  /** A whole-line suppression comment; group 1 is the rule ids. */
  private static final Pattern EXISTING = Pattern.compile("^\\s*#\\s*meshprobe:ignore\\s+([A-Za-z0-9_-]+(?:\\s*,\\s*[A-Za-z0-9_-]+)*)");

  private final String rule;

  private SuppressWithCommentFix(List<FileEdit> edits, String rule) {
    super(edits);
    this.rule = rule;
  }

  static Fix offer(FixContext c) {
    String text = c.text();
    int at = c.finding().where().start();
    if (at < 0 || at > text.length()) {
      return null;
    }
    int lineStart = Lines.lineStart(text, at);
    if (lineStart > 0) {
      int prevBreak = lineStart >= 2 && text.charAt(lineStart - 2) == '\r' && text.charAt(lineStart - 1) == '\n' ? lineStart - 2 : lineStart - 1;
      int prevStart = Lines.lineStart(text, prevBreak);
      Matcher m = EXISTING.matcher(text.substring(prevStart, prevBreak));
      if (m.find()) {
        List<FileEdit> edits = single(c, List.of(TextEdit.insert(prevStart + m.end(1), "," + c.rule())));
        return edits == null ? null : new SuppressWithCommentFix(edits, c.rule());
      }
    }
    String line = Lines.spaces(Lines.indentOfLine(text, at)) + "# meshprobe:ignore " + c.rule() + " -- " + REASON_PLACEHOLDER
        + Lines.newline(text);
    List<FileEdit> edits = single(c, List.of(TextEdit.insert(lineStart, line)));
    return edits == null ? null : new SuppressWithCommentFix(edits, c.rule());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Suppress " + rule + " here with a comment";
  }
}
