package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.List;

/**
 * Follows a rendered path in another YAML tree: an origin file, a patch, a values file. Sequence items
 * are found by the key Kubernetes merges them on when the rendered item has one (strategic merge patch
 * merges {@code containers}, {@code env}, {@code volumes} by {@code name}, {@code ports} by {@code
 * containerPort}, {@code volumeMounts} by {@code mountPath}), a scalar item by its value, and otherwise by
 * index, since a list without a merge key is replaced whole.
 */
final class TreeLookup {
  private static final List<String> MERGE_KEYS = List.of("name", "containerPort", "mountPath", "devicePath");

  private TreeLookup() {}

  /**
   * How far a path got: {@code depth} steps matched; {@code key} is the key node of the last step when it
   * was a mapping key (null at the root or after an index), {@code node} the node reached.
   */
  record Hit(int depth, YNode key, YNode node) {
    boolean complete(int size) {
      return depth == size;
    }
  }

  static Hit find(YNode root, List<NodePath.Step> steps) {
    YNode n = root;
    YNode key = null;
    int depth = 0;
    for (NodePath.Step s : steps) {
      YNode next = null;
      YNode nextKey = null;
      if (s.isKey() && n instanceof YMapping m) {
        YEntry e = m.entry(s.key());
        if (e != null) {
          nextKey = e.key();
          next = e.value();
        }
      } else if (!s.isKey() && n instanceof YSequence seq) {
        next = item(seq, s);
      }
      if (next == null && nextKey == null) {
        break;
      }
      n = next;
      key = nextKey;
      depth++;
      if (n == null) {
        break;
      }
    }
    return new Hit(depth, key, n);
  }

  /** The item of {@code seq} that stands for the rendered item of step {@code s}, or null. */
  static YNode item(YSequence seq, NodePath.Step s) {
    YNode rendered = s.item();
    if (rendered instanceof YMapping rm) {
      for (String mergeKey : MERGE_KEYS) {
        String want = rm.string(mergeKey);
        if (want != null) {
          for (YNode candidate : seq.items()) {
            if (candidate instanceof YMapping cm && want.equals(cm.string(mergeKey))) {
              return candidate;
            }
          }
          return null;
        }
      }
    } else if (rendered != null && rendered.text() != null) {
      for (YNode candidate : seq.items()) {
        if (rendered.text().equals(candidate.text())) {
          return candidate;
        }
      }
    }
    return s.index() < seq.items().size() ? seq.items().get(s.index()) : null;
  }

  /** True when two scalars say the same thing: equal text, or both YAML nulls. */
  static boolean sameScalar(YNode a, YNode b) {
    return a != null && b != null && a.text() != null && a.text().equals(b.text());
  }
}
