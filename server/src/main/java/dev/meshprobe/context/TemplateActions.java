package dev.meshprobe.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The actions of a Go template ({@code {{ ... }}}), found as text/template finds them: an action ends at
 * the first {@code }}} outside a string, a comment ({@code {{/* ... *}{@code /}}}) at its closing
 * delimiter, and {@code {{-} / {@code -}}} trim the space around them. Only what the source map needs is
 * read from an action: which kind it is, which named template it includes, which value it refers to,
 * and the indentation {@code nindent}/{@code indent} gives its output.
 */
final class TemplateActions {
  /** One action: its span in the text (delimiters included) and its body (trim markers and spaces off). */
  record Action(int start, int end, String body) {
    /** The first word: {@code if}, {@code with}, {@code range}, {@code define}, {@code end}, {@code include}... */
    String keyword() {
      int i = 0;
      while (i < body.length() && (Character.isLetter(body.charAt(i)) || body.charAt(i) == '/' || body.charAt(i) == '*')) {
        i++;
      }
      return body.substring(0, i);
    }

    boolean isComment() {
      return body.startsWith("/*");
    }

    /** The name of the named template an {@code include}/{@code template} action renders, or null. */
    String includes() {
      Matcher m = INCLUDE.matcher(body);
      return m.find() ? m.group(2) : null;
    }

    /** The name a {@code define} (or {@code block}) action defines, or null. */
    String defines() {
      Matcher m = DEFINE.matcher(body);
      return m.matches() ? m.group(2) : null;
    }

    /** The column {@code nindent N} or {@code indent N} puts the output at, or -1. */
    int indent() {
      Matcher m = INDENT.matcher(body);
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
  }

  private static final Pattern INCLUDE = Pattern.compile("\\b(include|template)\\s+\"([^\"]+)\"");
  private static final Pattern DEFINE = Pattern.compile("(define|block)\\s+\"([^\"]+)\".*", Pattern.DOTALL);
  private static final Pattern INDENT = Pattern.compile("\\bn?indent\\s+(\\d+)");

  private TemplateActions() {}

  static List<Action> find(String text) {
    List<Action> out = new ArrayList<>();
    int i = 0;
    while ((i = text.indexOf("{{", i)) >= 0) {
      int bodyStart = i + 2;
      if (text.startsWith("- ", bodyStart) || text.startsWith("-\t", bodyStart) || text.startsWith("-\n", bodyStart)) {
        bodyStart++;
      }
      int end = closing(text, bodyStart);
      if (end < 0) {
        // An unclosed action: helm would fail; the rest of the file is one action.
        out.add(new Action(i, text.length(), text.substring(bodyStart).strip()));
        break;
      }
      int bodyEnd = end - 2;
      if (bodyEnd > bodyStart && text.charAt(bodyEnd - 1) == '-' && bodyEnd - 2 >= bodyStart && Character.isWhitespace(text.charAt(bodyEnd - 2))) {
        bodyEnd--;
      }
      out.add(new Action(i, end, text.substring(bodyStart, Math.max(bodyStart, bodyEnd)).strip()));
      i = end;
    }
    return out;
  }

  /** The end (after {@code }}}) of the action whose body starts at {@code from}, or -1. */
  private static int closing(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (text.startsWith("/*", i)) {
      int close = text.indexOf("*/", i + 2);
      if (close < 0) {
        return -1;
      }
      int end = text.indexOf("}}", close + 2);
      return end < 0 ? -1 : end + 2;
    }
    char quote = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        return i + 2;
      }
    }
    return -1;
  }
}
