package dev.meshprobe.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Helpers shared by the YAML tests. */
final class Trees {
  private Trees() {}

  static YamlFile parse(String text) {
    return new YamlParser().parse(text);
  }

  /** The root of the only document of {@code text}, which must parse cleanly. */
  static YNode root(String text) {
    YamlFile file = parse(text);
    assertEquals(1, file.documents().size(), "documents");
    YamlDocument doc = file.documents().get(0);
    assertEquals(List.of(), doc.problems());
    assertNotNull(doc.root());
    return doc.root();
  }

  /** The document text a node spans. */
  static String spanText(YamlDocument doc, YNode node) {
    return doc.text().substring(node.start(), node.end());
  }

  /** Every distinct node under {@code root} once, keys included, without recursion. */
  static void forEachNode(YNode root, Consumer<YNode> action) {
    Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<YNode> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      YNode n = todo.pop();
      if (!seen.add(n)) {
        continue;
      }
      action.accept(n);
      if (n instanceof YMapping m) {
        for (YEntry e : m.entries()) {
          todo.push(e.key());
          todo.push(e.value());
        }
      } else if (n instanceof YSequence s) {
        s.items().forEach(todo::push);
      }
    }
  }

  static YamlProblem onlyProblem(YamlDocument doc) {
    assertEquals(1, doc.problems().size(), () -> "problems: " + doc.problems());
    return doc.problems().get(0);
  }
}
