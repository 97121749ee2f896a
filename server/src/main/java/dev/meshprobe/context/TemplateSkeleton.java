package dev.meshprobe.context;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The literal structure of a Helm template file: its actions masked, each line YAML would read as a key
 * or a sequence item placed under its parent by indentation, and the actions that render YAML of their
 * own ({@code include}, {@code toYaml .Values.x}) attached where their output lands ({@code nindent N}
 * puts it at column N). The file's documents ({@code ---}) are sections; each {@code define} is a
 * skeleton of its own, for {@code include}s to follow.
 *
 * <p>This reads the template, not its output, so it never fails: what it cannot read as a key (a key
 * made by an action, a flow collection) is simply not in the skeleton, and the source map falls back to
 * the nearest key it has.
 */
final class TemplateSkeleton {
  final Path file;
  final List<TemplateNode> sections = new ArrayList<>();
  final Map<String, TemplateNode> defines = new LinkedHashMap<>();

  private TemplateSkeleton(Path file) {
    this.file = file;
  }

  /** One line of the template: where it starts, its text with actions masked, the actions starting on it. */
  private record Line(int start, String masked, List<TemplateActions.Action> actions, List<String> dot) {}

  static TemplateSkeleton parse(Path file, String text) {
    TemplateSkeleton s = new TemplateSkeleton(file);
    List<TemplateActions.Action> actions = TemplateActions.find(text);
    char[] masked = text.toCharArray();
    for (TemplateActions.Action a : actions) {
      for (int i = a.start(); i < a.end(); i++) {
        if (masked[i] != '\n' && masked[i] != '\r') {
          masked[i] = '\0';
        }
      }
    }
    String m = new String(masked);
    Map<TemplateActions.Action, List<String>> dots = new HashMap<>();
    List<List<Line>> sections = new ArrayList<>();
    sections.add(new ArrayList<>());
    Map<String, List<Line>> defineLines = new LinkedHashMap<>();
    Deque<Frame> frames = new ArrayDeque<>();
    List<String> dot = ValueRefs.ROOT;
    String inDefine = null;
    int next = 0;
    int lineStart = 0;
    while (lineStart <= text.length()) {
      int nl = text.indexOf('\n', lineStart);
      int lineEnd = nl < 0 ? text.length() : nl;
      int contentEnd = lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
      List<TemplateActions.Action> onLine = new ArrayList<>();
      while (next < actions.size() && actions.get(next).start() < lineEnd + 1 && actions.get(next).start() >= lineStart) {
        onLine.add(actions.get(next++));
      }
      String regionAtStart = inDefine;
      List<String> dotAtStart = dot;
      boolean opensDefine = false;
      for (TemplateActions.Action a : onLine) {
        dots.put(a, dot);
        String kw = a.keyword();
        switch (kw) {
          case "define", "block" -> {
            frames.push(new Frame(kw, dot, a.defines()));
            if (a.defines() != null) {
              inDefine = a.defines();
              opensDefine = true;
              defineLines.put(inDefine, new ArrayList<>());
            }
            dot = ValueRefs.ROOT;
          }
          case "if" -> frames.push(new Frame(kw, dot, null));
          case "with" -> {
            frames.push(new Frame(kw, dot, null));
            dot = ValueRefs.withDot(a.body().length() > 4 ? a.body().substring(4) : "", dot);
          }
          case "range" -> {
            frames.push(new Frame(kw, dot, null));
            dot = null;
          }
          case "end" -> {
            if (!frames.isEmpty()) {
              Frame f = frames.pop();
              dot = f.dot;
              if (f.define != null) {
                inDefine = null;
              }
            }
          }
          default -> { }
        }
      }
      Line line = new Line(lineStart, m.substring(lineStart, contentEnd), onLine, dotAtStart);
      if (!opensDefine) {
        if (regionAtStart != null) {
          defineLines.get(regionAtStart).add(line);
        } else if (line.masked.strip().equals("---") && line.masked.startsWith("---")) {
          sections.add(new ArrayList<>());
        } else {
          sections.get(sections.size() - 1).add(line);
        }
      }
      if (nl < 0) {
        break;
      }
      lineStart = nl + 1;
    }
    for (List<Line> lines : sections) {
      s.sections.add(s.build(lines, dots));
    }
    defineLines.forEach((name, lines) -> s.defines.put(name, s.build(lines, dots)));
    return s;
  }

  /** An open control action: its keyword, the dot outside it, and the name it defines. */
  private record Frame(String keyword, List<String> dot, String define) {}

  private TemplateNode build(List<Line> lines, Map<TemplateActions.Action, List<String>> dots) {
    TemplateNode root = new TemplateNode(file, -1, null, 0, 0, ValueRefs.ROOT);
    Deque<TemplateNode> stack = new ArrayDeque<>();
    stack.push(root);
    int blockScalar = -1;
    for (Line line : lines) {
      String m = line.masked;
      int c = 0;
      while (c < m.length() && (m.charAt(c) == ' ' || m.charAt(c) == '\t')) {
        c++;
      }
      if (c == m.length()) {
        continue;
      }
      if (blockScalar >= 0) {
        if (c > blockScalar) {
          continue;
        }
        blockScalar = -1;
      }
      List<String> lineDot = line.dot;
      if (isActionsOnly(m, c)) {
        for (TemplateActions.Action a : line.actions) {
          if (isInjection(a)) {
            int col = a.indent() >= 0 ? a.indent() : a.start() - line.start;
            parentFor(stack, col).injections.add(new TemplateNode.Injection(a, dots.get(a)));
          }
        }
        continue;
      }
      if (m.charAt(c) == '#') {
        continue;
      }
      int pos = c;
      TemplateNode last = null;
      while (pos < m.length() && m.charAt(pos) == '-' && (pos + 1 == m.length() || m.charAt(pos + 1) == ' ')) {
        int col = pos;
        while (stack.peek().column > col || (stack.peek().column == col && !stack.peek().opensBlock())) {
          stack.pop();
        }
        TemplateNode item = new TemplateNode(file, col, null, line.start + col, line.start + col + 1, lineDot);
        stack.peek().children.add(item);
        stack.push(item);
        last = item;
        pos++;
        while (pos < m.length() && m.charAt(pos) == ' ') {
          pos++;
        }
      }
      int[] key = keyAt(m, pos);
      TemplateNode valueHolder = last;
      if (key != null) {
        while (stack.peek().column >= pos) {
          stack.pop();
        }
        String keyText = unquote(m.substring(key[0], key[1]).strip());
        TemplateNode node = new TemplateNode(file, pos, keyText, line.start + key[0], line.start + key[0] + m.substring(key[0], key[1]).strip().length(), lineDot);
        stack.peek().children.add(node);
        stack.push(node);
        valueHolder = node;
        pos = key[2] + 1;
        while (pos < m.length() && (m.charAt(pos) == ' ' || m.charAt(pos) == '\t')) {
          pos++;
        }
      }
      if (valueHolder == null || pos >= m.length() || m.charAt(pos) == '#') {
        continue;
      }
      if (m.charAt(pos) == '|' || m.charAt(pos) == '>') {
        valueHolder.value = TemplateNode.Value.BLOCK_SCALAR;
        valueHolder.valueStart = line.start + pos;
        valueHolder.valueEnd = line.start + pos + 1;
        blockScalar = valueHolder.column;
        continue;
      }
      int end = valueEnd(m, pos);
      valueHolder.valueStart = line.start + pos;
      valueHolder.valueEnd = line.start + end;
      if (m.substring(pos, end).indexOf('\0') >= 0) {
        valueHolder.value = TemplateNode.Value.ACTION;
        for (TemplateActions.Action a : line.actions) {
          if (a.end() > line.start + pos && a.start() < line.start + end && !a.isComment()) {
            if (valueHolder.valueAction == null) {
              valueHolder.valueAction = a;
            }
            if (isInjection(a) && (a.includes() != null || a.body().contains("toYaml") || a.indent() >= 0)) {
              valueHolder.injections.add(new TemplateNode.Injection(a, dots.get(a)));
            }
          }
        }
      } else {
        valueHolder.value = TemplateNode.Value.LITERAL;
        valueHolder.literal = unquote(m.substring(pos, end));
      }
    }
    return root;
  }

  /** True when the line holds nothing but actions and blanks from column {@code c}. */
  private static boolean isActionsOnly(String m, int c) {
    for (int i = c; i < m.length(); i++) {
      char ch = m.charAt(i);
      if (ch != '\0' && ch != ' ' && ch != '\t') {
        return false;
      }
    }
    return true;
  }

  /** An action that renders YAML of its own: a named template, or a value (not a control action, not a comment). */
  static boolean isInjection(TemplateActions.Action a) {
    if (a.isComment()) {
      return false;
    }
    switch (a.keyword()) {
      case "if", "else", "end", "with", "range", "define", "block" -> {
        return false;
      }
      default -> {
        return a.includes() != null || a.body().contains(".Values") || a.body().contains("toYaml") || a.body().contains("tpl")
            || a.body().startsWith(".");
      }
    }
  }

  private static TemplateNode parentFor(Deque<TemplateNode> stack, int column) {
    for (TemplateNode n : stack) {
      if (n.column < column) {
        return n;
      }
    }
    return stack.getLast();
  }

  /** {@code [keyStart, keyEnd, colon]} of a key starting at {@code pos}, or null when the line has no literal key there. */
  static int[] keyAt(String m, int pos) {
    if (pos >= m.length()) {
      return null;
    }
    char first = m.charAt(pos);
    if (first == '"' || first == '\'') {
      int close = pos + 1;
      while (close < m.length()) {
        char ch = m.charAt(close);
        if (ch == '\\' && first == '"') {
          close += 2;
          continue;
        }
        if (ch == first) {
          if (first == '\'' && close + 1 < m.length() && m.charAt(close + 1) == '\'') {
            close += 2;
            continue;
          }
          break;
        }
        if (ch == '\0') {
          return null;
        }
        close++;
      }
      int colon = close + 1;
      if (close < m.length() && colon < m.length() && m.charAt(colon) == ':' && (colon + 1 == m.length() || m.charAt(colon + 1) == ' ' || m.charAt(colon + 1) == '\t')) {
        return new int[] {pos, close + 1, colon};
      }
      return null;
    }
    if ("{[|>&*!%@`#\0".indexOf(first) >= 0) {
      return null;
    }
    for (int j = pos; j < m.length(); j++) {
      char ch = m.charAt(j);
      if (ch == '\0') {
        return null;
      }
      if (ch == '#' && j > pos && m.charAt(j - 1) == ' ') {
        return null;
      }
      if (ch == ':' && (j + 1 == m.length() || m.charAt(j + 1) == ' ' || m.charAt(j + 1) == '\t')) {
        return new int[] {pos, j, j};
      }
    }
    return null;
  }

  /** Where a value starting at {@code pos} ends: before a comment, without trailing blanks. */
  private static int valueEnd(String m, int pos) {
    int end = m.length();
    boolean quoted = m.charAt(pos) == '"' || m.charAt(pos) == '\'';
    if (!quoted) {
      for (int j = pos + 1; j < m.length(); j++) {
        if (m.charAt(j) == '#' && (m.charAt(j - 1) == ' ' || m.charAt(j - 1) == '\t')) {
          end = j;
          break;
        }
      }
    } else {
      int close = m.indexOf(m.charAt(pos), pos + 1);
      if (close > 0) {
        int hash = m.indexOf(" #", close);
        end = hash < 0 ? m.length() : hash;
      }
    }
    while (end > pos && (m.charAt(end - 1) == ' ' || m.charAt(end - 1) == '\t')) {
      end--;
    }
    return end;
  }

  /** A YAML scalar's value for the simple quoted forms templates use. */
  static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
      return t.substring(1, t.length() - 1).replace("''", "'");
    }
    return t;
  }
}
