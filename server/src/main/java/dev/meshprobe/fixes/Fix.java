package dev.meshprobe.fixes;

import java.util.ArrayList;
import java.util.List;

/**
 * One fix offered for a finding: a stable id, an imperative title that says exactly what it will do,
 * and its edits, computed on the text the finding was found in. A fix is only offered when its edits
 * could be computed and do not overlap.
 */
public abstract class Fix {
  private final List<FileEdit> edits;
  private boolean preferred;

  protected Fix(List<FileEdit> edits) {
    this.edits = List.copyOf(edits);
  }

  /** The stable id (code-action data, fixture folders): e.g. {@code enable-probe-rewrite}. */
  public abstract String id();

  public abstract String title();

  public final List<FileEdit> edits() {
    return edits;
  }

  /**
   * True when the fix changes only the probe its finding is about, and so no other finding: "fix all"
   * applies such fixes of different probes together.
   */
  public boolean changesOnlyItsProbe() {
    return false;
  }

  /** The fix an editor applies on "fix all" and highlights in the light bulb: at most one per finding. */
  public final boolean isPreferred() {
    return preferred;
  }

  final void prefer() {
    preferred = true;
  }

  /** Edits on one file, or null when there are none or they overlap (the fix is then not offered). */
  static List<FileEdit> single(String file, String original, List<TextEdit> edits) {
    if (edits == null || edits.isEmpty() || overlapping(edits)) {
      return null;
    }
    return List.of(new FileEdit(file, original, edits));
  }

  /**
   * Edits on the finding's file, or null when they overlap or when one of them starts a new line
   * inside a scalar that spans lines (a quoted or plain scalar continued on the next line): a line
   * inserted there would become part of the value, or break the document.
   */
  static List<FileEdit> single(FixContext c, List<TextEdit> edits) {
    if (edits != null && c.yaml() != null) {
      for (TextEdit e : edits) {
        if (ScalarSpans.insideMultiLineScalar(c.yaml(), c.text(), e.offset())) {
          return null;
        }
      }
    }
    return single(c.file(), c.text(), edits);
  }

  /** Both lists together, or null when either is null. */
  static List<TextEdit> both(List<TextEdit> a, List<TextEdit> b) {
    if (a == null || b == null) {
      return null;
    }
    List<TextEdit> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static boolean overlapping(List<TextEdit> edits) {
    int at = -1;
    for (TextEdit e : TextEdit.sorted(edits)) {
      if (e.offset() < at) {
        return true;
      }
      at = e.end();
    }
    return false;
  }

  @Override
  public String toString() {
    return id() + " \"" + title() + "\"" + (preferred ? " (preferred)" : "");
  }
}
