package dev.meshprobe.fixes;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * How a file is written, read from the file itself so that inserted lines look like their neighbours:
 * the line break, the indentation step (2 or 4 spaces, or whatever the file uses most) and whether
 * block sequences under a key sit flush with it ({@code containers:\n- name: web}) or indented.
 */
record TextStyle(String newline, int step, boolean flushSequences) {
  /** Enough nodes to see the habit of any real file without walking a huge one to the end. */
  private static final int MAX_NODES = 20_000;

  /** The last file looked at: the fixes of all findings of one file share one look at its style. */
  private static volatile Object[] last = new Object[3];

  static TextStyle of(String text, YamlFile yaml) {
    Object[] cached = last;
    if (cached[0] == text && cached[1] == yaml && cached[2] != null) {
      return (TextStyle) cached[2];
    }
    TextStyle style = detect(text, yaml);
    last = new Object[] {text, yaml, style};
    return style;
  }

  private static TextStyle detect(String text, YamlFile yaml) {
    int[] steps = new int[9];
    int flush = 0;
    int indented = 0;
    Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int visited = 0;
    for (YamlDocument d : yaml == null ? List.<YamlDocument>of() : yaml.documents()) {
      if (d.root() == null) {
        continue;
      }
      Deque<YNode> stack = new ArrayDeque<>();
      stack.push(d.root());
      int base = d.start();
      while (!stack.isEmpty() && visited < MAX_NODES) {
        YNode n = stack.pop();
        if (!seen.add(n)) {
          continue;
        }
        visited++;
        if (n instanceof YMapping m) {
          for (YEntry e : m.entries()) {
            if (e.value() == null || e.value().start() < e.key().end()) {
              continue;
            }
            stack.push(e.value());
            if (m.flow()) {
              continue;
            }
            int keyCol = Lines.column(text, base + e.key().start());
            if (e.value() instanceof YMapping child && !child.flow() && !child.entries().isEmpty()) {
              int d2 = Lines.column(text, base + child.entries().get(0).key().start()) - keyCol;
              if (d2 > 0 && d2 < steps.length) {
                steps[d2]++;
              }
            } else if (e.value() instanceof YSequence seq && !seq.flow() && !seq.items().isEmpty()) {
              int dash = YamlEditor.dashColumn(text, base, seq);
              if (dash == keyCol) {
                flush++;
              } else if (dash > keyCol) {
                indented++;
                if (dash - keyCol < steps.length) {
                  steps[dash - keyCol]++;
                }
              }
            }
          }
        } else if (n instanceof YSequence s) {
          for (YNode item : s.items()) {
            stack.push(item);
          }
        }
      }
    }
    int step = 2;
    int best = 0;
    for (int i = 1; i < steps.length; i++) {
      if (steps[i] > best) {
        best = steps[i];
        step = i;
      }
    }
    return new TextStyle(Lines.newline(text), step, flush > indented);
  }
}
