package dev.meshprobe.fixes;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text edits on the YAML of one document that keep the author's formatting: new entries take the
 * column of their siblings, nested levels the file's indentation step, sequences its flush or indented
 * habit, flow collections stay flow, and every inserted line break is the file's own. Methods return
 * null when the change cannot be made without rewriting more than the author would expect (a value
 * that comes from an alias or a merge key, an odd layout).
 */
final class YamlEditor {
  private final String text;
  private final TextStyle style;
  private final int base;

  /** An editor for nodes of the document that starts at {@code base} in {@code text}. */
  YamlEditor(String text, TextStyle style, int base) {
    this.text = text;
    this.style = style;
    this.base = base;
  }

  String text() {
    return text;
  }

  TextStyle style() {
    return style;
  }

  int start(YNode n) {
    return base + n.start();
  }

  int end(YNode n) {
    return base + n.end();
  }

  String nl() {
    return style.newline();
  }

  // ---- reading

  /** The mapping's own entry for {@code key} (the last when repeated), ignoring merge keys. */
  static YEntry own(YMapping m, String key) {
    if (m == null) {
      return null;
    }
    for (int i = m.entries().size() - 1; i >= 0; i--) {
      YEntry e = m.entries().get(i);
      if (key.equals(e.keyText()) && !(e.key() instanceof YScalar s && s.isPlain() && "<<".equals(s.value()))) {
        return e;
      }
    }
    return null;
  }

  /**
   * True when the entry's value is written right there, inside its mapping: an alias ({@code *base})
   * points at text elsewhere, which an edit here must not touch.
   */
  static boolean isLocal(YMapping parent, YEntry e) {
    YNode v = e.value();
    if (e.key().start() < parent.start() || e.key().end() > parent.end()) {
      return false;
    }
    return v == null || isEmptyNull(v) || (v.start() >= e.key().end() && v.end() <= parent.end());
  }

  /** An absent value ({@code key:} and nothing after it). */
  static boolean isEmptyNull(YNode v) {
    return v instanceof YScalar s && s.isPlain() && s.tag() == null && s.value().isEmpty();
  }

  /** Where the entry ends in the text: after its value, or after the colon of an absent value. */
  int entryEnd(YEntry e) {
    if (e.value() != null && !isEmptyNull(e.value())) {
      return Math.max(end(e.value()), end(e.key()));
    }
    int i = end(e.key());
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i < text.length() && text.charAt(i) == ':' ? i + 1 : end(e.key());
  }

  /** The column of a block sequence's dash. */
  static int dashColumn(String text, int base, YSequence seq) {
    int at = base + seq.items().get(0).start();
    int i = at - 1;
    while (i >= 0 && text.charAt(i) == ' ') {
      i--;
    }
    if (i >= 0 && text.charAt(i) == '-') {
      return Lines.column(text, i);
    }
    return Math.max(0, Lines.column(text, at) - 2);
  }

  // ---- rendering

  static String key(String key, boolean flow) {
    return key.chars().allMatch(Character::isDigit) && !key.isEmpty() ? key : Out.source(key, flow);
  }

  /** {@code key: value} for block context at column {@code col}: nested lines carry their indentation, the first line does not. */
  String entry(String key, Out value, int col) {
    String k = key(key, false);
    if (value instanceof Out.Str s) {
      return k + ": " + Out.source(s.value(), false);
    }
    if (value instanceof Out.Scalar || value instanceof Out.Flow) {
      return k + ": " + flow(value);
    }
    if (value instanceof Out.Map m) {
      if (m.entries().isEmpty()) {
        return k + ": {}";
      }
      StringBuilder b = new StringBuilder(k).append(':');
      for (Map.Entry<String, Out> child : m.entries()) {
        b.append(nl()).append(Lines.spaces(col + style.step())).append(entry(child.getKey(), child.getValue(), col + style.step()));
      }
      return b.toString();
    }
    Out.Seq s = (Out.Seq) value;
    if (s.items().isEmpty()) {
      return k + ": []";
    }
    int dash = style.flushSequences() ? col : col + style.step();
    StringBuilder b = new StringBuilder(k).append(':');
    for (Out item : s.items()) {
      b.append(nl()).append(Lines.spaces(dash)).append("- ").append(item(item, dash + 2));
    }
    return b.toString();
  }

  /** A sequence item's content at column {@code col} (just after its {@code - }). */
  String item(Out value, int col) {
    if (value instanceof Out.Map m && !m.entries().isEmpty()) {
      StringBuilder b = new StringBuilder();
      for (Map.Entry<String, Out> e : m.entries()) {
        if (b.length() > 0) {
          b.append(nl()).append(Lines.spaces(col));
        }
        b.append(entry(e.getKey(), e.getValue(), col));
      }
      return b.toString();
    }
    return value instanceof Out.Str s ? Out.source(s.value(), false) : flow(value);
  }

  /** The value in flow style, on one line. */
  static String flow(Out value) {
    if (value instanceof Out.Scalar s) {
      return s.source();
    }
    if (value instanceof Out.Str s) {
      return Out.source(s.value(), true);
    }
    if (value instanceof Out.Flow f) {
      return flow(f.value());
    }
    List<String> parts = new ArrayList<>();
    if (value instanceof Out.Map m) {
      for (Map.Entry<String, Out> e : m.entries()) {
        parts.add(key(e.getKey(), true) + ": " + flow(e.getValue()));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    for (Out item : ((Out.Seq) value).items()) {
      parts.add(flow(item));
    }
    return "[" + String.join(", ", parts) + "]";
  }

  // ---- edits

  /** Replaces a scalar's value, keeping single quotes when the author used them, else double quotes. */
  TextEdit setScalar(YScalar s, String value) {
    String source = s.style() == YScalar.Style.SINGLE_QUOTED ? Out.singleQuoted(value) : Out.doubleQuoted(value);
    return TextEdit.replace(start(s), end(s), source);
  }

  /** Gives an entry the string {@code value}: its scalar replaced, or an absent value filled in. */
  List<TextEdit> setValue(YEntry e, String value) {
    if (hasPropertiesBeforeValue(e)) {
      return null;
    }
    if (e.value() == null || isEmptyNull(e.value())) {
      return List.of(TextEdit.insert(entryEnd(e), " " + Out.doubleQuoted(value)));
    }
    if (e.value() instanceof YScalar s) {
      return List.of(setScalar(s, value));
    }
    return null;
  }

  /**
   * True when an anchor ({@code &name}), a tag ({@code !tag}) or an alias stands between the key and
   * its value: node spans start at the content, so an edit there would land inside the anchor or tag.
   */
  private boolean hasPropertiesBeforeValue(YEntry e) {
    int from = end(e.key());
    int to = e.value() == null || isEmptyNull(e.value()) ? lineEnd(from) : start(e.value());
    String between = text.substring(Math.min(from, text.length()), Math.max(Math.min(to, text.length()), Math.min(from, text.length())));
    return between.indexOf('&') >= 0 || between.indexOf('!') >= 0 || between.indexOf('*') >= 0;
  }

  private int lineEnd(int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /**
   * Adds {@code key: value} to a mapping that does not have the key: at the end, or before the first
   * entry when {@code first} (where {@code metadata} goes in a pod template).
   */
  List<TextEdit> addEntry(YMapping m, String key, Out value, boolean first) {
    if (m.flow()) {
      String entry = key(key, true) + ": " + flow(value);
      if (m.entries().isEmpty()) {
        return List.of(TextEdit.replace(start(m), end(m), "{" + entry + "}"));
      }
      if (first) {
        return List.of(TextEdit.insert(start(m.entries().get(0).key()), entry + ", "));
      }
      YEntry last = m.entries().get(m.entries().size() - 1);
      return List.of(TextEdit.insert(entryEnd(last), ", " + entry));
    }
    if (m.entries().isEmpty()) {
      return null;
    }
    int firstKey = start(m.entries().get(0).key());
    int col = Lines.column(text, firstKey);
    if (first && Lines.firstOnLine(text, firstKey)) {
      return List.of(TextEdit.insert(Lines.lineStart(text, firstKey), Lines.spaces(col) + entry(key, value, col) + nl()));
    }
    int at = Lines.lineEnd(text, Math.max(end(m), entryEnd(m.entries().get(m.entries().size() - 1))));
    return List.of(TextEdit.insert(at, nl() + Lines.spaces(col) + entry(key, value, col)));
  }

  /**
   * Adds {@code key: value} to the mapping reached from {@code m} through {@code path}, creating the
   * missing mappings of the path (an absent {@code metadata} goes first, as manifests are written).
   */
  List<TextEdit> addAt(YMapping m, List<String> path, String key, Out value) {
    YMapping cur = m;
    for (int i = 0; i < path.size(); i++) {
      String k = path.get(i);
      Out rest = nest(path.subList(i + 1, path.size()), key, value);
      YEntry e = own(cur, k);
      if (e == null) {
        if (cur.get(k) != null) {
          return null;
        }
        return addEntry(cur, k, rest, k.equals("metadata"));
      }
      if (!isLocal(cur, e)) {
        return null;
      }
      if (e.value() == null || (e.value() instanceof YScalar s && s.isNull())) {
        return fill(cur, e, rest);
      }
      if (!(e.value() instanceof YMapping next)) {
        return null;
      }
      cur = next;
    }
    if (own(cur, key) != null || cur.get(key) != null) {
      return null;
    }
    return addEntry(cur, key, value, false);
  }

  private static Out nest(List<String> path, String key, Out value) {
    Out out = Out.map(key, value);
    for (int i = path.size() - 1; i >= 0; i--) {
      out = Out.map(path.get(i), out);
    }
    return out;
  }

  /** Gives an entry whose value is null ({@code annotations:} or {@code annotations: ~}) the collection {@code value}. */
  List<TextEdit> fill(YMapping parent, YEntry e, Out value) {
    if (e.value() != null && !isEmptyNull(e.value())) {
      return List.of(TextEdit.replace(start(e.value()), end(e.value()), flow(value)));
    }
    if (parent.flow()) {
      return null;
    }
    int keyCol = Lines.column(text, start(e.key()));
    String k = key("k", false);
    String rendered = entry(k, value, keyCol).substring(k.length() + 1);
    return List.of(TextEdit.insert(Lines.lineEnd(text, entryEnd(e)), rendered));
  }

  /**
   * Removes an entry, leaving {@code comment} lines (may be empty) where it was. Block entries go with
   * their whole lines, comments inside them included; flow entries with one adjacent comma.
   */
  List<TextEdit> removeEntry(YMapping m, YEntry e, List<String> comment) {
    int keyStart = start(e.key());
    int entryEnd = entryEnd(e);
    int idx = indexOf(m, e);
    if (idx < 0) {
      return null;
    }
    List<TextEdit> out = new ArrayList<>();
    if (!m.flow() && Lines.firstOnLine(text, keyStart)) {
      int from = Lines.lineStart(text, keyStart);
      int to = Lines.nextLineStart(text, entryEnd);
      String replacement = commentLines(comment, Lines.column(text, keyStart));
      if (to == text.length() && !Lines.endsWithNewline(text)) {
        // The file has no final newline: keep it that way.
        if (replacement.isEmpty()) {
          from = from > 0 ? previousBreak(from) : from;
        } else {
          replacement = replacement.substring(0, replacement.length() - nl().length());
        }
      }
      out.add(TextEdit.replace(from, to, replacement));
      return out;
    }
    if (m.entries().size() == 1) {
      return null;
    }
    if (idx + 1 < m.entries().size()) {
      out.add(TextEdit.replace(keyStart, start(m.entries().get(idx + 1).key()), ""));
    } else {
      out.add(TextEdit.replace(entryEnd(m.entries().get(idx - 1)), entryEnd, ""));
    }
    if (!comment.isEmpty()) {
      out.add(0, commentAbove(keyStart, comment));
    }
    return out;
  }

  /** The start of the line break that ends the line before {@code lineStart}. */
  private int previousBreak(int lineStart) {
    if (lineStart >= 2 && text.charAt(lineStart - 2) == '\r' && text.charAt(lineStart - 1) == '\n') {
      return lineStart - 2;
    }
    return lineStart - 1;
  }

  /**
   * Replaces an entry with {@code key: value}, in block style where the entry was block, else in flow
   * style; {@code comment} lines go right above it.
   */
  List<TextEdit> replaceEntry(YMapping m, YEntry e, String key, Out value, List<String> comment) {
    int keyStart = start(e.key());
    int entryEnd = entryEnd(e);
    List<TextEdit> out = new ArrayList<>();
    if (!m.flow()) {
      int col = Lines.column(text, keyStart);
      StringBuilder prefix = new StringBuilder();
      if (Lines.firstOnLine(text, keyStart)) {
        for (String line : wrap(comment, col)) {
          prefix.append(line.isEmpty() ? "#" : "# " + line).append(nl()).append(Lines.spaces(col));
        }
      } else if (!comment.isEmpty()) {
        out.add(commentAbove(keyStart, comment));
      }
      out.add(TextEdit.replace(keyStart, entryEnd, prefix + entry(key, value, col)));
      return out;
    }
    if (!comment.isEmpty()) {
      out.add(commentAbove(keyStart, comment));
    }
    out.add(TextEdit.replace(keyStart, entryEnd, key(key, true) + ": " + flow(value)));
    return out;
  }

  /** Appends an item to a sequence. */
  List<TextEdit> appendItem(YSequence s, Out item) {
    if (s.flow()) {
      if (s.items().isEmpty()) {
        return List.of(TextEdit.replace(start(s), end(s), "[" + flow(item) + "]"));
      }
      return List.of(TextEdit.insert(end(s.items().get(s.items().size() - 1)), ", " + flow(item)));
    }
    if (s.items().isEmpty()) {
      return null;
    }
    int dash = dashColumn(text, base, s);
    int itemCol = Lines.column(text, start(s.items().get(0)));
    int offset = itemCol > dash ? itemCol - dash : 2;
    int at = Lines.lineEnd(text, end(s));
    return List.of(TextEdit.insert(at, nl() + Lines.spaces(dash) + "-" + Lines.spaces(offset - 1) + item(item, dash + offset)));
  }

  /** Comment lines inserted above the line holding {@code offset}, at that line's indentation. */
  TextEdit commentAbove(int offset, List<String> comment) {
    return TextEdit.insert(Lines.lineStart(text, offset), commentLines(comment, Lines.indentOfLine(text, offset)));
  }

  /** Each line as {@code # line} at column {@code col}, wrapped to the review width, each ended by the file's line break. */
  String commentLines(List<String> comment, int col) {
    StringBuilder b = new StringBuilder();
    for (String line : wrap(comment, col)) {
      b.append(Lines.spaces(col)).append(line.isEmpty() ? "#" : "# " + line).append(nl());
    }
    return b.toString();
  }

  /** Comment lines are wrapped at this column, the width of a code review pane. */
  private static final int WIDTH = 100;

  static List<String> wrap(List<String> comment, int col) {
    List<String> out = new ArrayList<>();
    for (String line : comment) {
      out.addAll(wrap(line, Math.max(40, WIDTH - col - 2)));
    }
    return out;
  }

  /** Words filled into lines of at most {@code width} chars (a longer word gets a line of its own). */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.replaceAll("[\\r\\n]+", " ").split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    if (line.length() > 0 || out.isEmpty()) {
      out.add(line.toString());
    }
    return out;
  }

  private static int indexOf(YMapping m, YEntry e) {
    for (int i = 0; i < m.entries().size(); i++) {
      if (m.entries().get(i) == e) {
        return i;
      }
    }
    return -1;
  }
}
