package dev.meshprobe.yaml;

import java.util.Arrays;

/**
 * A cheap, linear look at a document's text, without building anything: how deeply it nests, and which
 * flow bracket or quote is left open at its end.
 *
 * <p>snakeyaml's composer recurses once per nesting level, so a hostile document ({@code [[[[...} or
 * thousands of ever deeper indented keys) would overflow the stack. This scan runs first and lets the
 * parser refuse such a document. It follows block indentation levels (including compact {@code - - x}
 * nesting), flow brackets, quoted scalars, block scalars and comments closely enough for real manifests;
 * it is an estimate, and the composed tree's exact depth is checked again afterwards.
 */
final class StructureScan {
  private final String s;
  private final int limit;
  /** Columns of the block nodes open at the current line, increasing. */
  private int[] blocks = new int[16];
  private int blockCount;
  /** Offsets of the open flow brackets, innermost last. */
  private int[] flows = new int[16];
  private int flowCount;
  /** The quote character of a quoted scalar still open, or 0. */
  private char quote;
  private int quoteStart;
  /** Whether the last structural line ended where a more indented block node may follow. */
  private boolean opened;
  /** Column of the flow collection or quoted scalar begun at a block node position, a key if {@code :} follows. */
  private int inlineColumn = -1;
  private boolean inBlockScalar;
  /** The column a block scalar's lines must be indented beyond, -1 for a top-level one. */
  private int blockScalarParent;
  private int max;

  private StructureScan(String s, int limit) {
    this.s = s;
    this.limit = limit;
  }

  /** The estimated nesting depth of {@code text}; once it passes {@code limit} the scan stops early. */
  static int depth(String text, int limit) {
    StructureScan scan = new StructureScan(text, limit);
    scan.run();
    return scan.max;
  }

  /**
   * Where the construct left open at the end of {@code text} starts: the opening quote of an unclosed
   * quoted scalar, else the innermost unclosed flow bracket; -1 when nothing is left open.
   */
  static int unclosed(String text) {
    StructureScan scan = new StructureScan(text, Integer.MAX_VALUE);
    scan.run();
    if (scan.quote != 0) {
      return scan.quoteStart;
    }
    return scan.flowCount > 0 ? scan.flows[scan.flowCount - 1] : -1;
  }

  private void run() {
    int n = s.length();
    int pos = 0;
    while (pos < n && max <= limit) {
      int end = pos;
      while (end < n && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
        end++;
      }
      line(pos, end);
      pos = end < n && s.charAt(end) == '\r' && end + 1 < n && s.charAt(end + 1) == '\n' ? end + 2 : end + 1;
    }
  }

  private void line(int start, int end) {
    inlineColumn = -1;
    int indent = 0;
    while (start + indent < end && s.charAt(start + indent) == ' ') {
      indent++;
    }
    int p = skipBlanks(start + indent, end);
    boolean blank = p >= end;
    if (inBlockScalar) {
      if (blank || indent > blockScalarParent) {
        return;
      }
      inBlockScalar = false;
    }
    if (quote != 0 || flowCount > 0) {
      rest(start, start, end);
      return;
    }
    if (blank || s.charAt(p) == '#') {
      return;
    }
    if (isMarker(start, end, '-') || isMarker(start, end, '.')) {
      blockCount = 0;
      opened = false;
      if (s.charAt(start) == '-') {
        rest(start, start + 3, end);
      }
      return;
    }
    if (indent == 0 && s.charAt(start) == '%' && blockCount == 0) {
      return;
    }
    if (!opened && blockCount > 0 && indent > blocks[blockCount - 1]) {
      // More indented than its block, yet nothing opened a child: a multi-line plain scalar goes on.
      return;
    }
    while (blockCount > 0 && blocks[blockCount - 1] > indent) {
      blockCount--;
    }
    opened = false;
    rest(start, p, end);
  }

  /** Scans the line from {@code p}, alternating between block node positions and flow or quoted text. */
  private void rest(int lineStart, int p, int end) {
    while (p < end && max <= limit) {
      if (quote != 0 || flowCount > 0) {
        p = inline(lineStart, p, end);
        if (p < end) {
          p = afterValue(p, end);
        }
        inlineColumn = -1;
      } else {
        p = node(lineStart, p, end);
      }
    }
  }

  /**
   * At a position where a block node may start. A {@code -} or {@code ?} indicator, or a key, opens a
   * block collection at the node's column (where its anchor or tag, if any, starts). Returns where flow
   * or quoted text begins (with the bracket or quote already counted), or {@code end} when the line holds
   * nothing more of interest.
   */
  private int node(int lineStart, int p, int end) {
    int column = -1;
    while (true) {
      p = skipBlanks(p, end);
      if (p >= end || s.charAt(p) == '#') {
        return end;
      }
      char c = s.charAt(p);
      if (column < 0) {
        column = p - lineStart;
      }
      if ((c == '-' || c == '?' || c == ':') && isBlankOrEnd(p + 1, end)) {
        if (c != ':') {
          pushBlock(column);
        }
        column = -1;
        p = skipBlanks(p + 1, end);
        if (p >= end || s.charAt(p) == '#') {
          opened = true;
          return end;
        }
      } else if (c == '&' || c == '!') {
        p = skipBlanks(skipProperty(p, end), end);
        if (p >= end || s.charAt(p) == '#') {
          opened = true;
          return end;
        }
      } else if (c == '[' || c == '{') {
        inlineColumn = column;
        pushFlow(p);
        return p + 1;
      } else if (c == '"' || c == '\'') {
        inlineColumn = column;
        quote = c;
        quoteStart = p;
        return p + 1;
      } else if (c == '|' || c == '>') {
        inBlockScalar = true;
        blockScalarParent = blockCount > 0 ? blocks[blockCount - 1] : -1;
        return end;
      } else {
        int colon = valueIndicator(p, end);
        if (colon < 0) {
          return end;
        }
        pushBlock(column);
        column = -1;
        p = skipBlanks(colon + 1, end);
        if (p >= end || s.charAt(p) == '#') {
          opened = true;
          return end;
        }
      }
    }
  }

  /**
   * Inside flow or quoted text. Returns the offset just past the bracket or quote that ends it, or
   * {@code end} when it goes on past this line.
   */
  private int inline(int lineStart, int p, int end) {
    while (p < end) {
      char c = s.charAt(p);
      if (quote == '"') {
        if (c == '\\') {
          p++;
        } else if (c == '"') {
          quote = 0;
          if (flowCount == 0) {
            return p + 1;
          }
        }
      } else if (quote == '\'') {
        if (c == '\'') {
          if (p + 1 < end && s.charAt(p + 1) == '\'') {
            p++;
          } else {
            quote = 0;
            if (flowCount == 0) {
              return p + 1;
            }
          }
        }
      } else if (c == '#' && (p == lineStart || isBlank(s.charAt(p - 1)))) {
        return end;
      } else if (c == '[' || c == '{') {
        pushFlow(p);
        if (max > limit) {
          return end;
        }
      } else if (c == ']' || c == '}') {
        flowCount--;
        if (flowCount == 0) {
          return p + 1;
        }
      } else if ((c == '"' || c == '\'') && (p == lineStart || startsFlowScalar(s.charAt(p - 1)))) {
        quote = c;
        quoteStart = p;
      }
      p++;
    }
    return end;
  }

  /** After a complete flow collection or quoted scalar: a {@code :} makes it a key, and its value follows. */
  private int afterValue(int p, int end) {
    p = skipBlanks(p, end);
    if (p < end && s.charAt(p) == ':' && isBlankOrEnd(p + 1, end)) {
      if (inlineColumn >= 0) {
        pushBlock(inlineColumn);
      }
      p = skipBlanks(p + 1, end);
      if (p >= end || s.charAt(p) == '#') {
        opened = true;
        return end;
      }
      return p;
    }
    return end;
  }

  /** The {@code :} that ends a plain key on this line, or -1 when the plain scalar is a value. */
  private int valueIndicator(int p, int end) {
    for (int i = p; i < end; i++) {
      char c = s.charAt(i);
      if (c == ':' && isBlankOrEnd(i + 1, end)) {
        return i;
      }
      if (c == '#' && i > p && isBlank(s.charAt(i - 1))) {
        return -1;
      }
    }
    return -1;
  }

  private int skipProperty(int p, int end) {
    if (s.charAt(p) == '!' && p + 1 < end && s.charAt(p + 1) == '<') {
      int close = s.indexOf('>', p);
      return close < 0 || close >= end ? end : close + 1;
    }
    p++;
    while (p < end && !isBlank(s.charAt(p)) && ",[]{}".indexOf(s.charAt(p)) < 0) {
      p++;
    }
    return p;
  }

  private void pushBlock(int column) {
    if (blockCount > 0 && blocks[blockCount - 1] >= column) {
      return;
    }
    if (blockCount == blocks.length) {
      blocks = Arrays.copyOf(blocks, blockCount * 2);
    }
    blocks[blockCount++] = column;
    max = Math.max(max, blockCount + flowCount);
  }

  private void pushFlow(int offset) {
    if (flowCount == flows.length) {
      flows = Arrays.copyOf(flows, flowCount * 2);
    }
    flows[flowCount++] = offset;
    max = Math.max(max, blockCount + flowCount);
  }

  private boolean isMarker(int start, int end, char c) {
    return end - start >= 3 && s.charAt(start) == c && s.charAt(start + 1) == c && s.charAt(start + 2) == c
        && isBlankOrEnd(start + 3, end);
  }

  private int skipBlanks(int p, int end) {
    while (p < end && isBlank(s.charAt(p))) {
      p++;
    }
    return p;
  }

  private boolean isBlankOrEnd(int p, int end) {
    return p >= end || isBlank(s.charAt(p));
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** A quote inside flow text starts a scalar only where a scalar may start, not in {@code it's}. */
  private static boolean startsFlowScalar(char before) {
    return isBlank(before) || before == '[' || before == '{' || before == ',' || before == ':';
  }
}
