package dev.meshprobe.fixes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small YAML value to be written into a file: a scalar already in its source form, a mapping, a
 * sequence, or a value forced into flow style. {@link YamlEditor} renders it in the style of the place
 * it goes to.
 */
sealed interface Out {
  /** A scalar as it is written in the source, quotes included. */
  record Scalar(String source) implements Out {}

  record Map(List<java.util.Map.Entry<String, Out>> entries) implements Out {
    public Map {
      entries = List.copyOf(entries);
    }
  }

  record Seq(List<Out> items) implements Out {
    public Seq {
      items = List.copyOf(items);
    }
  }

  /** A string, written plain where that reads back as the same string, else double-quoted. */
  record Str(String value) implements Out {}

  /** A value written as {@code {a: b}} / {@code [a, b]} even in block context, as its author wrote it. */
  record Flow(Out value) implements Out {}

  /** YAML 1.1 and 1.2 words that a plain scalar would turn into a boolean or null. */
  Pattern SPECIAL_WORD = Pattern.compile("(?i)y|n|yes|no|on|off|true|false|null|~|=|<<|\\.inf|-\\.inf|\\+\\.inf|\\.nan");

  static Out str(String value) {
    return new Str(value);
  }

  /** A string always double-quoted, as Kubernetes annotation values conventionally are. */
  static Out quoted(String value) {
    return new Scalar(doubleQuoted(value));
  }

  static Out plain(String source) {
    return new Scalar(source);
  }

  static Out map(Object... keysAndValues) {
    java.util.Map<String, Out> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], (Out) keysAndValues[i + 1]);
    }
    return new Map(new ArrayList<>(m.entrySet()));
  }

  static Out seq(List<Out> items) {
    return new Seq(items);
  }

  /** {@code value} as written in block ({@code flow} false) or flow context. */
  static String source(String value, boolean flow) {
    return plainSafe(value, flow) ? value : doubleQuoted(value);
  }

  /**
   * True when {@code s} can be written plain and still read back as this same string (not a number,
   * boolean, null, timestamp, comment or indicator). Flow context also forbids {@code :} and the flow
   * indicators, to stay clear of the corners where parsers disagree.
   */
  static boolean plainSafe(String s, boolean flow) {
    if (s.isEmpty() || SPECIAL_WORD.matcher(s).matches()) {
      return false;
    }
    char first = s.charAt(0);
    if (Character.isDigit(first) || ((first == '-' || first == '+' || first == '.') && s.length() > 1 && Character.isDigit(s.charAt(1)))) {
      return false;
    }
    if ("?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0 || (first == '-' && (s.length() == 1 || s.charAt(1) == ' '))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' ' || c == '#' || c > '~') {
        return false;
      }
      boolean flowIndicator = c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
      if (c == ':' && (flow || i + 1 == s.length() || s.charAt(i + 1) == ' ') || (flow && flowIndicator)) {
        return false;
      }
    }
    return s.charAt(s.length() - 1) != ' ' && s.charAt(0) != ' ';
  }

  static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < ' ') {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static String singleQuoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
