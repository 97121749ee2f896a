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

  /**
   * The comment above a probe key written literally at {@code keyStart} of the finding's file, a Helm
   * template or a Kustomize base the probe was rendered from: the lines are comments there too (a
   * template renders them as YAML comments), at the key's indentation. Null when the key is not the first
   * thing on its line (a flow mapping).
   */
  static Fix offerAt(FixContext c, int keyStart, String options) {
    String text = c.text();
    if (keyStart < 0 || keyStart > text.length() || !Lines.firstOnLine(text, keyStart) && !afterDash(text, keyStart)) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    lines.add("meshprobe (" + c.rule() + "): " + c.finding().message());
    lines.add("Options: " + options);
    if (c.finding().href() != null) {
      lines.add("See " + c.finding().href());
    }
    YamlEditor editor = new YamlEditor(text, TextStyle.of(text, c.yaml()), 0);
    List<FileEdit> edits = single(c, List.of(editor.commentAbove(keyStart, lines)));
    return edits == null ? null : new InsertExplanatoryCommentFix(edits);
  }

  /** True for a key right after a sequence item's dash ({@code - livenessProbe:}), whose line a comment above still belongs to. */
  private static boolean afterDash(String text, int at) {
    int lineStart = Lines.lineStart(text, at);
    return text.substring(lineStart, at).strip().equals("-");
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
