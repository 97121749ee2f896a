package dev.meshprobe.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Converts one composed snakeyaml document into {@link YNode}s with document-relative UTF-16 spans, and
 * finds repeated keys on the way.
 *
 * <p>The walk is iterative, so no document can overflow the stack here. An alias is the very snakeyaml
 * node its anchor made, so each anchored node is converted once and shared: the result is a DAG as small
 * as the text, never an expansion. Only anchored nodes can be reached twice, so only they are
 * remembered. A node that contains an alias to itself gets, at that alias, an empty
 * collection of its own kind, which breaks the cycle. Alongside the tree the walk measures the depth and
 * the size the tree would have if every alias were expanded, which callers check against their limits.
 */
final class TreeBuilder {
  /** What the document would weigh expanded: what the tree holds, plus what aliases repeat. */
  record Result(YNode root, List<YamlProblem> problems, int depth, long expandedNodes, int distinctNodes) {}

  private record Built(YNode node, int depth, long size) {}

  /** A collection being converted: its children in order (keys and values alternate for a mapping). */
  private static final class Frame {
    final Node node;
    final List<Node> children;
    final List<Built> built;
    int next;

    Frame(Node node, List<Node> children) {
      this.node = node;
      this.children = children;
      this.built = new ArrayList<>(children.size());
    }
  }

  private final String text;
  private final CodePointOffsets offsets;
  private final Map<Node, Built> anchored = new IdentityHashMap<>();
  private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<YamlProblem> problems = new ArrayList<>();
  private int distinct;

  TreeBuilder(String text, CodePointOffsets offsets) {
    this.text = text;
    this.offsets = offsets;
  }

  Result build(Node root) {
    Built result = root instanceof ScalarNode s ? remember(s, scalar(s)) : walk(root);
    // Mappings close inner first; problems read best in the order of the text.
    problems.sort(Comparator.comparingInt(YamlProblem::start));
    return new Result(result.node(), problems, result.depth(), result.size(), distinct);
  }

  private Built walk(Node root) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(open(root));
    Built last = null;
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next < f.children.size()) {
        Node child = f.children.get(f.next++);
        Built done = child.getAnchor().isPresent() ? anchored.get(child) : null;
        if (done != null) {
          f.built.add(done);
        } else if (child instanceof ScalarNode s) {
          f.built.add(remember(s, scalar(s)));
        } else if (inProgress.contains(child)) {
          f.built.add(cycleBreak(child));
        } else {
          stack.push(open(child));
        }
      } else {
        stack.pop();
        if (f.node.getAnchor().isPresent()) {
          inProgress.remove(f.node);
        }
        last = remember(f.node, close(f));
        if (!stack.isEmpty()) {
          stack.peek().built.add(last);
        }
      }
    }
    return last;
  }

  private Frame open(Node node) {
    if (node.getAnchor().isPresent()) {
      inProgress.add(node);
    }
    if (node instanceof MappingNode m) {
      List<Node> children = new ArrayList<>(m.getValue().size() * 2);
      for (NodeTuple t : m.getValue()) {
        children.add(t.getKeyNode());
        children.add(t.getValueNode());
      }
      return new Frame(node, children);
    }
    return new Frame(node, ((SequenceNode) node).getValue());
  }

  private Built remember(Node node, Built built) {
    distinct++;
    if (node.getAnchor().isPresent()) {
      anchored.put(node, built);
    }
    return built;
  }

  private Built close(Frame f) {
    int depth = 0;
    long size = 1;
    int childEnd = -1;
    int start = start(f.node);
    for (Built b : f.built) {
      depth = Math.max(depth, b.depth());
      size = saturatedAdd(size, b.size());
      // An alias child spans its anchor, which may sit before this collection: it says nothing of the end.
      if (b.node().start() >= start) {
        childEnd = Math.max(childEnd, b.node().end());
      }
    }
    boolean flow = isFlow(f.node);
    int end = flow ? end(f.node) : blockEnd(start, end(f.node), childEnd);
    YNode node;
    if (f.node instanceof MappingNode) {
      List<YEntry> entries = new ArrayList<>(f.built.size() / 2);
      for (int i = 0; i + 1 < f.built.size(); i += 2) {
        entries.add(new YEntry(f.built.get(i).node(), f.built.get(i + 1).node()));
      }
      findDuplicates(entries);
      node = new YMapping(entries, flow, start, end);
    } else {
      List<YNode> items = new ArrayList<>(f.built.size());
      for (Built b : f.built) {
        items.add(b.node());
      }
      node = new YSequence(items, flow, start, end);
    }
    return new Built(node, depth + 1, size);
  }

  private Built cycleBreak(Node node) {
    int start = start(node);
    YNode empty = node instanceof MappingNode
        ? new YMapping(List.of(), isFlow(node), start, start)
        : new YSequence(List.of(), isFlow(node), start, start);
    return new Built(empty, 1, 1);
  }

  private Built scalar(ScalarNode s) {
    int end = end(s);
    int start = Math.min(start(s), end);
    YScalar.Style style = style(s);
    if (style == YScalar.Style.LITERAL || style == YScalar.Style.FOLDED) {
      // snakeyaml ends a block scalar after its trailing line breaks; the node ends at its last character.
      while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
    }
    String tag = s.isResolved() ? null : shortTag(s.getTag().getValue());
    return new Built(new YScalar(s.getValue(), style, tag, start, end), 0, 1);
  }

  private void findDuplicates(List<YEntry> entries) {
    if (!hasDuplicate(entries)) {
      return;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (YEntry e : entries) {
      String key = comparableKey(e);
      if (key != null) {
        counts.merge(key, 1, Integer::sum);
      }
    }
    Set<String> seen = new HashSet<>();
    for (YEntry e : entries) {
      String key = comparableKey(e);
      if (key != null && counts.get(key) > 1 && !seen.add(key)) {
        int n = counts.get(key);
        String times = n == 2 ? "twice" : n + " times";
        problems.add(new YamlProblem(YamlProblem.Kind.DUPLICATE_KEY,
            "Key " + key + " appears " + times + " in this mapping: kubectl rejects the object or silently keeps only the last value.",
            e.key().start(), e.key().end()));
      }
    }
  }

  /** A cheap first look: most mappings are small and have no repeated key, so nothing is allocated. */
  private static boolean hasDuplicate(List<YEntry> entries) {
    int n = entries.size();
    if (n > 8) {
      Set<String> keys = new HashSet<>(n * 2);
      for (YEntry e : entries) {
        String key = comparableKey(e);
        if (key != null && !keys.add(key)) {
          return true;
        }
      }
      return false;
    }
    for (int i = 1; i < n; i++) {
      String key = comparableKey(entries.get(i));
      for (int j = 0; key != null && j < i; j++) {
        if (key.equals(comparableKey(entries.get(j)))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The key as Kubernetes compares it, or null for keys that take no part (merge keys, collections). */
  private static String comparableKey(YEntry e) {
    if (!(e.key() instanceof YScalar s) || (s.isPlain() && "<<".equals(s.value()))) {
      return null;
    }
    return s.value();
  }

  private int start(Node node) {
    int start = node.getStartMark().map(this::offset).orElse(0);
    int end = end(node);
    return Math.min(skipProperties(start, end), end);
  }

  private int end(Node node) {
    return node.getEndMark().map(this::offset).orElse(text.length());
  }

  private int offset(Mark mark) {
    return offsets.toChar(mark.getIndex());
  }

  /**
   * snakeyaml starts a node at its anchor or tag ({@code &base !!map}); the span starts at the content,
   * which is what a finding or a fix points at.
   */
  private int skipProperties(int p, int end) {
    while (p < end && (text.charAt(p) == '&' || text.charAt(p) == '!')) {
      if (text.charAt(p) == '!' && p + 1 < end && text.charAt(p + 1) == '<') {
        int close = text.indexOf('>', p);
        p = close < 0 ? end : close + 1;
      } else {
        while (p < end && !Character.isWhitespace(text.charAt(p)) && ",[]{}".indexOf(text.charAt(p)) < 0) {
          p++;
        }
      }
      p = skipSpaceAndComments(p, end);
    }
    return p;
  }

  private int skipSpaceAndComments(int p, int end) {
    while (p < end) {
      char c = text.charAt(p);
      if (c == '#') {
        while (p < end && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
          p++;
        }
      } else if (Character.isWhitespace(c)) {
        p++;
      } else {
        break;
      }
    }
    return p;
  }

  /**
   * snakeyaml ends a block collection where the next token starts, past blank lines and comments that
   * follow it. The span ends at the collection's last character instead: trailing blank and comment
   * lines are dropped, and so is a comment after the last child on its own line.
   */
  private int blockEnd(int start, int snakeEnd, int childEnd) {
    int e = snakeEnd;
    while (e > start) {
      char c = text.charAt(e - 1);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        e--;
        continue;
      }
      int lineStart = e - 1;
      while (lineStart > start && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
        lineStart--;
      }
      int first = lineStart;
      while (first < e && (text.charAt(first) == ' ' || text.charAt(first) == '\t')) {
        first++;
      }
      if (text.charAt(first) != '#' || first <= start) {
        break;
      }
      e = lineStart;
    }
    // A child may end in what looked like a comment line (a block scalar's "# text"): the child wins.
    e = Math.max(e, childEnd);
    if (childEnd > start && childEnd < e && isTrailingComment(childEnd, e)) {
      e = childEnd;
    }
    return e;
  }

  private boolean isTrailingComment(int from, int to) {
    int p = from;
    while (p < to && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p++;
    }
    if (p == to) {
      return true;
    }
    if (text.charAt(p) != '#' || p == from) {
      return false;
    }
    for (int i = p; i < to; i++) {
      if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean isFlow(Node node) {
    if (node instanceof MappingNode m) {
      return m.getFlowStyle() == FlowStyle.FLOW;
    }
    return node instanceof SequenceNode s && s.getFlowStyle() == FlowStyle.FLOW;
  }

  private static YScalar.Style style(ScalarNode s) {
    return switch (s.getScalarStyle()) {
      case SINGLE_QUOTED -> YScalar.Style.SINGLE_QUOTED;
      case DOUBLE_QUOTED, JSON_SCALAR_STYLE -> YScalar.Style.DOUBLE_QUOTED;
      case LITERAL -> YScalar.Style.LITERAL;
      case FOLDED -> YScalar.Style.FOLDED;
      default -> YScalar.Style.PLAIN;
    };
  }

  /** {@code tag:yaml.org,2002:str} back to the {@code !!str} a manifest author writes. */
  private static String shortTag(String tag) {
    String prefix = "tag:yaml.org,2002:";
    return tag.startsWith(prefix) ? "!!" + tag.substring(prefix.length()) : tag;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 || sum > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : sum;
  }
}
