package dev.meshprobe.k8s;

/**
 * Where a document starts in its file, updated when an edit elsewhere moves the document. Spans hold
 * offsets relative to an anchor, so findings and facts of unchanged documents stay right without being
 * recomputed. The workspace changes anchors only on its own thread.
 */
public final class Anchor {
  /** The anchor of spans relative to the start of the file. */
  public static final Anchor FILE_START = new Anchor(0);

  private int start;

  public Anchor(int start) {
    this.start = start;
  }

  public int start() {
    return start;
  }

  public void moveTo(int newStart) {
    if (this == FILE_START) {
      throw new IllegalStateException("the file start never moves");
    }
    this.start = newStart;
  }
}
