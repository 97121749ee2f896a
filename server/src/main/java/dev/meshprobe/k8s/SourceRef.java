package dev.meshprobe.k8s;

/**
 * A span in a workspace file: its path as the workspace names it and offsets relative to an {@link
 * Anchor} (the start of the document that holds the span). {@link #start()} and {@link #end()} are
 * absolute char offsets into the file's current text.
 */
public record SourceRef(String file, Anchor anchor, int relStart, int relEnd) {
  /** A span given by absolute offsets into the file. */
  public static SourceRef absolute(String file, int start, int end) {
    return new SourceRef(file, Anchor.FILE_START, start, end);
  }

  public int start() {
    return anchor.start() + relStart;
  }

  public int end() {
    return anchor.start() + relEnd;
  }
}
