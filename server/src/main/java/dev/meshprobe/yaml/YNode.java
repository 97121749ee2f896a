package dev.meshprobe.yaml;

/**
 * An immutable YAML node with its span. Offsets are char offsets (UTF-16 units) relative to the start
 * of the {@link YamlDocument} that holds the node, so that a document reused after an edit elsewhere in
 * the file keeps its tree: add {@link YamlDocument#start()} to get an offset into the file.
 */
public sealed interface YNode permits YScalar, YMapping, YSequence {
  /** Start of the node, relative to its document. */
  int start();

  /** End of the node (exclusive), relative to its document. */
  int end();

  /** The mapping this node is, or null. */
  default YMapping asMapping() {
    return this instanceof YMapping m ? m : null;
  }

  /** The sequence this node is, or null. */
  default YSequence asSequence() {
    return this instanceof YSequence s ? s : null;
  }

  /** The scalar this node is, or null. */
  default YScalar asScalar() {
    return this instanceof YScalar s ? s : null;
  }

  /**
   * True when {@code a} and {@code b} hold the same YAML wherever they are: the same keys, values, tags
   * and scalar styles in the same order, spans and flow style aside. An edit that only moves a document
   * (an Enter above it, a comment) leaves its tree the same in this sense.
   */
  static boolean sameContent(YNode a, YNode b) {
    java.util.ArrayDeque<YNode> left = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<YNode> right = new java.util.ArrayDeque<>();
    left.push(a == null ? NONE : a);
    right.push(b == null ? NONE : b);
    while (!left.isEmpty()) {
      YNode x = left.pop();
      YNode y = right.pop();
      if (x == y) {
        continue;
      }
      if (x instanceof YScalar s && y instanceof YScalar t) {
        if (!s.value().equals(t.value()) || s.style() != t.style() || !java.util.Objects.equals(s.tag(), t.tag())) {
          return false;
        }
      } else if (x instanceof YMapping m && y instanceof YMapping n) {
        if (m.entries().size() != n.entries().size()) {
          return false;
        }
        for (int i = 0; i < m.entries().size(); i++) {
          left.push(m.entries().get(i).key() == null ? NONE : m.entries().get(i).key());
          right.push(n.entries().get(i).key() == null ? NONE : n.entries().get(i).key());
          left.push(m.entries().get(i).value() == null ? NONE : m.entries().get(i).value());
          right.push(n.entries().get(i).value() == null ? NONE : n.entries().get(i).value());
        }
      } else if (x instanceof YSequence m && y instanceof YSequence n) {
        if (m.items().size() != n.items().size()) {
          return false;
        }
        for (int i = 0; i < m.items().size(); i++) {
          left.push(m.items().get(i) == null ? NONE : m.items().get(i));
          right.push(n.items().get(i) == null ? NONE : n.items().get(i));
        }
      } else {
        return false;
      }
    }
    return true;
  }

  /** Stands for a missing node in {@link #sameContent}. */
  YScalar NONE = new YScalar("", YScalar.Style.PLAIN, "(none)", 0, 0);

  /** The scalar text of this node, or null when it is not a scalar or is a YAML null. */
  default String text() {
    return this instanceof YScalar s && !s.isNull() ? s.value() : null;
  }
}
