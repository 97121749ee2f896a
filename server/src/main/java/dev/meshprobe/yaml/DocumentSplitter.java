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
  private final List<Chunk> chunks = new ArrayList<>();
  /** Start of body-less stretches waiting to join the next document, or -1. */
  private int pendingStart = -1;
  private boolean pendingDirective;

  private DocumentSplitter(String text) {
    this.text = text;
  }

  static List<Chunk> split(String text) {
    DocumentSplitter s = new DocumentSplitter(text);
    s.run();
    return s.chunks;
  }

  private void run() {
    int n = text.length();
    int segmentStart = 0;
    boolean body = false;
    boolean directive = false;
    int pos = 0;
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
    finish(segmentStart, n, body, directive);
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
    int n = text.length();
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
    if (lineEnd >= text.length()) {
      return lineEnd;
    }
    if (text.charAt(lineEnd) == '\r' && lineEnd + 1 < text.length() && text.charAt(lineEnd + 1) == '\n') {
      return lineEnd + 2;
    }
    return lineEnd + 1;
  }
}
