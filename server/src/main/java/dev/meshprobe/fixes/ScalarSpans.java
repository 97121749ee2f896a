package dev.meshprobe.fixes;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/** Where text may not be inserted: strictly inside a scalar whose value continues over a line break. */
final class ScalarSpans {
  private ScalarSpans() {}

  /** True when {@code offset} lies strictly inside a scalar of {@code yaml} that spans more than one line. */
  static boolean insideMultiLineScalar(YamlFile yaml, String text, int offset) {
    for (YamlDocument d : yaml.documents()) {
      if (d.root() == null || offset <= d.start() || offset >= d.end()) {
        continue;
      }
      int rel = offset - d.start();
      Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      Deque<YNode> todo = new ArrayDeque<>();
      todo.push(d.root());
      while (!todo.isEmpty()) {
        YNode n = todo.pop();
        if (!seen.add(n) || rel <= n.start() || rel >= n.end()) {
          continue;
        }
        if (n instanceof YScalar s) {
          int from = d.start() + s.start();
          int to = d.start() + s.end();
          if (text.substring(from, Math.min(to, text.length())).indexOf('\n') >= 0) {
            return true;
          }
        } else if (n instanceof YMapping m) {
          for (YEntry e : m.entries()) {
            todo.push(e.key());
            if (e.value() != null) {
              todo.push(e.value());
            }
          }
        } else if (n instanceof YSequence q) {
          q.items().forEach(todo::push);
        }
      }
    }
    return false;
  }
}
