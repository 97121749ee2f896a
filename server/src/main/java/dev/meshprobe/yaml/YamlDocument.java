package dev.meshprobe.yaml;

import java.util.List;

/**
 * One document of a (possibly multi-document) file: its span in the file and its tree. {@code root} is
 * null for an empty document and for one that did not parse (then {@code problems} says why). Node
 * offsets inside {@code root} and problem offsets are relative to {@link #start()}.
 *
 * <p>{@code text} is the document's own text (file text from {@code start} to {@code end}); two documents
 * with equal text have equal trees, which is what lets an edit re-parse only the documents it touched.
 */
public record YamlDocument(int index, int start, String text, YNode root, List<YamlProblem> problems) {
  public YamlDocument {
    problems = List.copyOf(problems);
  }

  public int end() {
    return start + text.length();
  }

  /** The same parsed document placed at another index and offset of a file (after an edit elsewhere). */
  public YamlDocument moveTo(int newIndex, int newStart) {
    return newIndex == index && newStart == start ? this : new YamlDocument(newIndex, newStart, text, root, problems);
  }

  public boolean hasSyntaxError() {
    return problems.stream().anyMatch(p -> p.kind() == YamlProblem.Kind.SYNTAX);
  }
}
