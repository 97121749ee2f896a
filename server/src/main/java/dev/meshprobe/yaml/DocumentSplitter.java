package dev.meshprobe.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a file into the text of its documents, before snakeyaml sees it: once snakeyaml reports an error
 * its stream cannot go on, so each document is composed on its own.
 *
 * <p>A document starts at a {@code ---} line (the line belongs to it, since content may follow the
 * marker) or at a {@code %YAML}/{@code %TAG} directive line, and ends after a {@code ...} line. YAML
 * forbids these markers inside any scalar, so cutting on them never splits a valid document. Stretches
 * holding only comments, blank lines or directives join the next document (or, at the end of the file,
 * the previous one), so that no document is made of comments alone and every document's text is one
 * snakeyaml can read on its own.
 */
final class DocumentSplitter {
  /** One document's extent in the file, {@code end} exclusive. */
  record Chunk(int start, int end) {}

  private final String text;
  /** The stretch being split: the whole text, or the documents an edit touched. */
  private final int from;
  private final int to;
  private final List<Chunk> chunks = new ArrayList<>();
  /** Start of body-less stretches waiting to join the next document, or -1. */
  private int pendingStart = -1;
  private boolean pendingDirective;

  private DocumentSplitter(String text, int from, int to) {
    this.text = text;
    this.from = from;
    this.to = to;
  }

  static List<Chunk> split(String text) {
    DocumentSplitter s = new DocumentSplitter(text, 0, text.length());
    s.run();
    return s.chunks;
  }

  /**
   * The chunks of {@code text[from, to)}, when cutting that stretch on its own gives what cutting the
   * whole text would give there; else null. The caller makes sure that {@code from} is the start of the
   * file or the start of a document-start line that began a document, and that {@code to} is the end of
   * the file or the start of a document-start line; then the split agrees with the whole text's when the
   * stretch's last document closes at {@code to} (a trailing stretch of comments would join the next
   * document instead).
   */
  static List<Chunk> splitRange(String text, int from, int to) {
    DocumentSplitter s = new DocumentSplitter(text, from, to);
    return s.run() ? s.chunks : null;
  }

  /** Splits; true when the last document closed at the end of the stretch, leaving nothing pending. */
  private boolean run() {
    int n = to;
    int segmentStart = from;
    int pos = from;
    boolean body = false;
    boolean directive = false;
    while (pos < n) {
      int lineStart = pos;
      int lineEnd = lineEnd(pos);
      int next = afterBreak(lineEnd);
      // A byte order mark may precede the first line; snakeyaml skips it, and so does the marker check.
      int first = lineStart == 0 && text.charAt(0) == '\uFEFF' ? 1 : lineStart;
      if (isMarker(first, lineEnd, '-') || isDirective(first, lineEnd, body)) {
        if (body) {
          close(segmentStart, lineStart, true, directive, false);
          segmentStart = lineStart;
          body = false;
          directive = false;
        }
        if (text.charAt(first) == '-') {
          body = true;
        } else {
          directive = true;
        }
      } else if (isMarker(first, lineEnd, '.')) {
        close(segmentStart, next, body, directive, true);
        segmentStart = next;
        body = false;
        directive = false;
      } else if (!body && hasContent(first, lineEnd)) {
        body = true;
      }
      pos = next;
    }
    boolean closed = body || (segmentStart >= n && pendingStart < 0 && !directive);
    finish(segmentStart, n, body, directive);
    return closed;
  }

  private void close(int start, int end, boolean body, boolean directive, boolean endsWithMarker) {
    if (body) {
      chunks.add(new Chunk(pendingStart >= 0 ? pendingStart : start, end));
      pendingStart = -1;
      pendingDirective = false;
    } else if (endsWithMarker && pendingStart < 0 && !directive && !chunks.isEmpty()) {
      // A stray "..." after a document's own end marker: snakeyaml accepts it there, not at a start.
      extendLast(end);
    } else {
      if (pendingStart < 0) {
        pendingStart = start;
      }
      pendingDirective |= directive;
    }
  }

  private void finish(int start, int end, boolean body, boolean directive) {
    if (start >= end && pendingStart < 0) {
      return;
    }
    if (body || directive || pendingDirective) {
      // Directives with no document after them are an error that belongs to a document of its own.
      chunks.add(new Chunk(pendingStart >= 0 ? pendingStart : start, end));
    } else if (!chunks.isEmpty()) {
      extendLast(end);
    }
  }

  private void extendLast(int end) {
    Chunk last = chunks.remove(chunks.size() - 1);
    chunks.add(new Chunk(last.start(), end));
  }

  /** True when a {@code ---} line starts at {@code offset}, which is a line start. */
  static boolean isDocumentStartLine(String text, int offset) {
    DocumentSplitter s = new DocumentSplitter(text, offset, text.length());
    return offset < text.length() && s.isMarker(offset, s.lineEnd(offset), '-');
  }

  /** {@code ---} or {@code ...} at column 0, followed by a space, a tab or the end of the line. */
  private boolean isMarker(int first, int lineEnd, char c) {
    if (lineEnd - first < 3 || text.charAt(first) != c || text.charAt(first + 1) != c || text.charAt(first + 2) != c) {
      return false;
    }
    return first + 3 == lineEnd || text.charAt(first + 3) == ' ' || text.charAt(first + 3) == '\t';
  }

  /**
   * A directive line. Before any content every {@code %} line at column 0 is one; after content only
   * {@code %YAML} and {@code %TAG} start a new document, as a forgotten {@code ...} should not glue two
   * documents together.
   */
  private boolean isDirective(int first, int lineEnd, boolean afterContent) {
    if (first >= lineEnd || text.charAt(first) != '%') {
      return false;
    }
    return !afterContent || text.startsWith("%YAML ", first) || text.startsWith("%TAG ", first);
  }

  private boolean hasContent(int from, int lineEnd) {
    for (int i = from; i < lineEnd; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t') {
        return c != '#';
      }
    }
    return false;
  }

  private int lineEnd(int pos) {
    int n = to;
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == '\n' || c == '\r') {
        return pos;
      }
      pos++;
    }
    return n;
  }

  private int afterBreak(int lineEnd) {
    if (lineEnd >= to) {
      return lineEnd;
    }
    if (text.charAt(lineEnd) == '\r' && lineEnd + 1 < to && text.charAt(lineEnd + 1) == '\n') {
      return lineEnd + 2;
    }
    return lineEnd + 1;
  }
}
