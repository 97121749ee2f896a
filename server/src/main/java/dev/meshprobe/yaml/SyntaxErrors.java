package dev.meshprobe.yaml;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;

/**
 * Turns snakeyaml's errors into a {@link YamlProblem}: one plain sentence, placed where the problem is.
 * When the document simply ended too early (a bracket or quote never closed), snakeyaml points at the
 * end of the document, which tells the author nothing; the problem is then placed where the unclosed
 * construct starts.
 */
final class SyntaxErrors {
  private static final Pattern FOUND = Pattern.compile("^(.*?)(?:,)? but (?:found|got) (.+)$");
  private static final Pattern CANNOT_START = Pattern.compile("found character '(.+?)' that cannot start any token.*");
  private static final Pattern UNDEFINED_ALIAS = Pattern.compile("found undefined alias (.+)");
  private static final Pattern UNKNOWN_ESCAPE = Pattern.compile("found unknown escape character (.+?)\\(\\d+\\)");
  private static final Pattern TOKEN_NAME = Pattern.compile("'?(<[a-z ]+>)'?");
  private static final Map<String, String> TOKENS = Map.ofEntries(
      Map.entry("<scalar>", "a value"),
      Map.entry("?", "a key"),
      Map.entry("-", "a list item"),
      Map.entry("<block mapping start>", "a mapping"),
      Map.entry("<block sequence start>", "a list"),
      Map.entry("<block end>", "the end of the indented block"),
      Map.entry("<stream end>", "the end of the document"),
      Map.entry("<document end>", "\"...\""),
      Map.entry("<document start>", "\"---\""),
      Map.entry("<alias>", "an alias"),
      Map.entry("<anchor>", "an anchor"),
      Map.entry("<tag>", "a tag"),
      Map.entry("<directive>", "a directive"));

  private SyntaxErrors() {}

  static YamlProblem of(MarkedYamlEngineException e, String text, CodePointOffsets offsets) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    String context = e.getContext() == null ? "" : e.getContext().strip();
    boolean atEnd = e.getProblemMark().map(m -> offsets.toChar(m.getIndex()) >= contentEnd(text)).orElse(false);
    if (atEnd || endedEarly(problem)) {
      int at = StructureScan.unclosed(text);
      if (at >= 0) {
        return new YamlProblem(YamlProblem.Kind.SYNTAX, unclosed(text.charAt(at)), at, at + 1);
      }
    }
    // "Could not find ':'" is reported where the search gave up; the culprit is the key it started at.
    boolean useContext = context.startsWith("while scanning a simple key") || problem.isEmpty();
    Mark mark = (useContext ? e.getContextMark() : e.getProblemMark())
        .or(e::getProblemMark).or(e::getContextMark).orElse(null);
    int at = mark == null ? 0 : offsets.toChar(mark.getIndex());
    return new YamlProblem(YamlProblem.Kind.SYNTAX, sentence(problem, context), at, tokenEnd(text, at));
  }

  static YamlProblem of(ReaderException e, String text, CodePointOffsets offsets) {
    int at = offsets.toChar(e.getPosition());
    String message = String.format(Locale.ROOT, "The character U+%04X cannot appear in a YAML file.", e.getCodePoint());
    int end = Math.min(text.length(), at + Character.charCount(e.getCodePoint()));
    return new YamlProblem(YamlProblem.Kind.SYNTAX, message, at, end);
  }

  /** The document ran out before a construct was finished. */
  private static boolean endedEarly(String problem) {
    return problem.contains("end of stream") || problem.contains("<stream end>")
        || problem.contains("document separator") || problem.contains("<document end>");
  }

  /** The offset just past the last character that is not whitespace. */
  private static int contentEnd(String text) {
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static String unclosed(char opener) {
    return switch (opener) {
      case '[' -> "This \"[\" is never closed: the flow sequence it starts runs to the end of the document.";
      case '{' -> "This \"{\" is never closed: the flow mapping it starts runs to the end of the document.";
      default -> "This quoted string is never closed: it runs to the end of the document.";
    };
  }

  static String sentence(String problem, String context) {
    Matcher m;
    if (problem.startsWith("mapping values are not allowed")) {
      return "A \"key: value\" pair is not allowed here: quote a value that contains \": \", or fix the indentation.";
    }
    if (problem.startsWith("found character '\\t(TAB)'")) {
      return "A tab cannot be used here: YAML indents with spaces only.";
    }
    if ((m = CANNOT_START.matcher(problem)).matches()) {
      return "A value cannot start with \"" + m.group(1) + "\": quote the value.";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "This key has no \":\" after it, or a value goes on at a line where it cannot.";
    }
    if ((m = UNDEFINED_ALIAS.matcher(problem)).matches()) {
      return "The alias \"*" + m.group(1) + "\" refers to no anchor defined before it.";
    }
    if ((m = UNKNOWN_ESCAPE.matcher(problem)).matches()) {
      return "\"\\" + m.group(1) + "\" is not a valid escape in a double-quoted string.";
    }
    if (problem.startsWith("expected '<document end>' before directives")) {
      return "A directive (\"%YAML\", \"%TAG\") must come after the end marker \"...\" of the document before it.";
    }
    if ((m = FOUND.matcher(problem)).matches()) {
      String found = token(m.group(2));
      String expected = m.group(1);
      if (expected.startsWith("expected <block end>")) {
        String block = context.contains("mapping") ? "mapping" : "list";
        return "Found " + found + " where the " + block + " around it should have ended: check the indentation.";
      }
      if (expected.startsWith("expected ',' or ']'")) {
        return "Expected \",\" or \"]\" in this flow sequence, but found " + found + ".";
      }
      if (expected.startsWith("expected ',' or '}'")) {
        return "Expected \",\" or \"}\" in this flow mapping, but found " + found + ".";
      }
      if (expected.startsWith("expected the node content")) {
        return "Expected a value here, but found " + found + ".";
      }
      return capitalize(detokenize(expected)) + ", but found " + found + ".";
    }
    String text = problem.isEmpty() ? context : problem;
    return text.isEmpty() ? "This document is not valid YAML." : capitalize(detokenize(text)) + ".";
  }

  /** snakeyaml's token names ({@code '<block mapping start>'}, {@code '?'}) in the words of a manifest. */
  private static String token(String raw) {
    String t = raw.strip();
    if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
      t = t.substring(1, t.length() - 1);
    }
    String named = TOKENS.get(t);
    if (named != null) {
      return named;
    }
    return t.startsWith("<") ? t : "\"" + t + "\"";
  }

  private static String detokenize(String s) {
    Matcher m = TOKEN_NAME.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(token(m.group(1))));
    }
    m.appendTail(out);
    return out.toString().replaceAll("[.\\s]+$", "");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** A problem covers the word it points at, so that an editor has something to underline. */
  private static int tokenEnd(String text, int at) {
    int p = at;
    while (p < text.length() && !Character.isWhitespace(text.charAt(p))) {
      p++;
    }
    if (p == at && p < text.length() && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
      p++;
    }
    return p;
  }
}
