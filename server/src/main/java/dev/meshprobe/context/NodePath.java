package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The path of a node inside a rendered document ({@code spec.template.spec.containers[0].livenessProbe}),
 * and whether the node is that key or its value. Sequence steps keep the rendered item, so that the item
 * can be found again in a file where it sits at another index (Kubernetes merges {@code containers},
 * {@code env}, {@code volumes} by {@code name} and {@code ports} by {@code containerPort}).
 */
record NodePath(List<Step> steps, boolean key, YNode node) {
  /** A mapping key, or a sequence index with the rendered item at that index. */
  record Step(String key, int index, YNode item) {
    static Step key(String k) {
      return new Step(k, -1, null);
    }

    boolean isKey() {
      return key != null;
    }

    @Override
    public String toString() {
      return key != null ? key : "[" + index + "]";
    }
  }

  NodePath {
    steps = List.copyOf(steps);
  }

  /** The path of the node spanning exactly {@code start..end} under {@code root}, or null. */
  static NodePath find(YNode root, int start, int end) {
    if (root == null) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    YNode n = root;
    if (n.start() == start && n.end() == end) {
      return new NodePath(steps, false, n);
    }
    while (true) {
      YNode next = null;
      if (n instanceof YMapping m) {
        for (YEntry e : m.entries()) {
          String k = e.keyText();
          if (k == null) {
            continue;
          }
          if (e.key().start() == start && e.key().end() == end) {
            steps.add(Step.key(k));
            return new NodePath(steps, true, e.key());
          }
          YNode v = e.value();
          if (v != null && v.start() <= start && end <= v.end()) {
            steps.add(Step.key(k));
            next = v;
            break;
          }
        }
      } else if (n instanceof YSequence s) {
        for (int i = 0; i < s.items().size(); i++) {
          YNode item = s.items().get(i);
          if (item.start() <= start && end <= item.end()) {
            steps.add(new Step(null, i, item));
            next = item;
            break;
          }
        }
      }
      if (next == null) {
        return null;
      }
      if (next.start() == start && next.end() == end) {
        return new NodePath(steps, false, next);
      }
      n = next;
    }
  }

  int size() {
    return steps.size();
  }

  /** The scalar text of the node (the key, or a scalar value), or null for a collection or YAML null. */
  String text() {
    return node.text();
  }

  /** The path from step {@code from} on. */
  List<Step> from(int from) {
    return steps.subList(from, steps.size());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      if (s.isKey() && b.length() > 0) {
        b.append('.');
      }
      b.append(s);
    }
    return b + (key ? " (key)" : " (value)");
  }
}
