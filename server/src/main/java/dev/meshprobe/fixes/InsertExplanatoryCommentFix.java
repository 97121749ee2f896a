package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Probe;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a comment above the probe that says what breaks and why (the finding's own sentence), what
 * the options are, and where Istio or Kubernetes documents it: for the next reader, when the author
 * decides to keep the probe as it is. The finding stays.
 */
final class InsertExplanatoryCommentFix extends Fix {
  static final String ID = "insert-explanatory-comment";
  private InsertExplanatoryCommentFix(List<FileEdit> edits) {
    super(edits);
  }

  static Fix offer(FixContext c, String options) {
    Probe p = c.probe();
    if (p == null) {
      return null;
    }
    int keyStart = c.resource().ref(p.key()).start();
    List<String> lines = new ArrayList<>();
    lines.add("meshprobe (" + c.rule() + "): " + c.finding().message());
    lines.add("Options: " + options);
    if (c.finding().href() != null) {
      lines.add("See " + c.finding().href());
    }
    List<FileEdit> edits = single(c, List.of(c.editor().commentAbove(keyStart, lines)));
    return edits == null ? null : new InsertExplanatoryCommentFix(edits);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Insert a comment explaining the failure";
  }
}
