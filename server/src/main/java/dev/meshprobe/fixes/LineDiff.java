package dev.meshprobe.fixes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The changed lines between two texts (Myers' O(ND) diff over whole lines, each with its line break),
 * as hunks and as the minimal line edits that turn one into the other. Used to hand "fix all" to an
 * editor as a few small edits and to print it as a unified diff.
 */
public final class LineDiff {
  /** Original lines {@code [aStart, aEnd)} replaced by new lines {@code [bStart, bEnd)}. */
  public record Hunk(int aStart, int aEnd, int bStart, int bEnd) {}

  /** Beyond this many differing lines on each side the middle is replaced as one block. */
  private static final int MAX_MIDDLE = 4000;

  private LineDiff() {}

  /** The lines of a text, each with its line break ({@code \n}, {@code \r\n} or {@code \r}); the last may have none. */
  public static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < n) {
      out.add(text.substring(start));
    }
    return out;
  }

  public static List<Hunk> hunks(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    int aEnd = a.size() - suffix;
    int bEnd = b.size() - suffix;
    if (prefix == aEnd && prefix == bEnd) {
      return List.of();
    }
    if (aEnd - prefix > MAX_MIDDLE || bEnd - prefix > MAX_MIDDLE) {
      return List.of(new Hunk(prefix, aEnd, prefix, bEnd));
    }
    return myers(a, b, prefix, aEnd, prefix, bEnd);
  }

  /** Edits on {@code before} that give {@code after}, one per hunk, replacing whole lines. */
  public static List<TextEdit> edits(String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    int[] offsets = new int[a.size() + 1];
    for (int i = 0; i < a.size(); i++) {
      offsets[i + 1] = offsets[i] + a.get(i).length();
    }
    List<TextEdit> out = new ArrayList<>();
    for (Hunk h : hunks(a, b)) {
      out.add(TextEdit.replace(offsets[h.aStart()], offsets[h.aEnd()], String.join("", b.subList(h.bStart(), h.bEnd()))));
    }
    return out;
  }

  /**
   * A unified diff ({@code diff -u}, three lines of context) from {@code before} to {@code after}; empty
   * when they are equal. Lines keep their own line breaks, so a CRLF file stays CRLF when patched.
   */
  public static String unified(String aName, String bName, String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Hunk> hunks = hunks(a, b);
    if (hunks.isEmpty()) {
      return "";
    }
    int context = 3;
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(aName).append('\n').append("+++ ").append(bName).append('\n');
    int i = 0;
    while (i < hunks.size()) {
      int j = i;
      while (j + 1 < hunks.size() && hunks.get(j + 1).aStart() - hunks.get(j).aEnd() <= 2 * context) {
        j++;
      }
      Hunk first = hunks.get(i);
      Hunk last = hunks.get(j);
      int aFrom = Math.max(0, first.aStart() - context);
      int aTo = Math.min(a.size(), last.aEnd() + context);
      int bFrom = first.bStart() - (first.aStart() - aFrom);
      int bTo = last.bEnd() + (aTo - last.aEnd());
      out.append("@@ -").append(range(aFrom, aTo - aFrom)).append(" +").append(range(bFrom, bTo - bFrom)).append(" @@\n");
      int at = aFrom;
      for (int k = i; k <= j; k++) {
        Hunk h = hunks.get(k);
        for (; at < h.aStart(); at++) {
          line(out, ' ', a.get(at));
        }
        for (int x = h.aStart(); x < h.aEnd(); x++) {
          line(out, '-', a.get(x));
        }
        for (int x = h.bStart(); x < h.bEnd(); x++) {
          line(out, '+', b.get(x));
        }
        at = h.aEnd();
      }
      for (; at < aTo; at++) {
        line(out, ' ', a.get(at));
      }
      i = j + 1;
    }
    return out.toString();
  }

  private static String range(int start, int count) {
    int first = count == 0 ? start : start + 1;
    return count == 1 ? String.valueOf(first) : first + "," + count;
  }

  private static void line(StringBuilder out, char prefix, String line) {
    out.append(prefix).append(line);
    if (!line.endsWith("\n") && !line.endsWith("\r")) {
      out.append("\n\\ No newline at end of file\n");
    }
  }

  private static List<Hunk> myers(List<String> a, List<String> b, int a0, int a1, int b0, int b1) {
    int n = a1 - a0;
    int m = b1 - b0;
    int max = n + m;
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= max && found < 0; d++) {
      trace.add(Arrays.copyOf(v, v.length));
      for (int k = -d; k <= d; k += 2) {
        int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a.get(a0 + x).equals(b.get(b0 + y))) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
    }
    // Walk back through the trace: each diagonal step matches one original line to one new line.
    int[] match = new int[n];
    Arrays.fill(match, -1);
    int x = n;
    int y = m;
    for (int d = found; d > 0; d--) {
      int[] pv = trace.get(d);
      int k = x - y;
      int prevK = k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1]) ? k + 1 : k - 1;
      int prevX = pv[offset + prevK];
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        match[--x] = --y;
      }
      x = prevX;
      y = prevY;
    }
    while (x > 0 && y > 0) {
      match[--x] = --y;
    }
    List<Hunk> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && match[i] == j) {
        i++;
        j++;
        continue;
      }
      int hi = i;
      int hj = j;
      while (i < n && match[i] < 0) {
        i++;
      }
      j = i < n ? match[i] : m;
      out.add(new Hunk(a0 + hi, a0 + i, b0 + hj, b0 + j));
    }
    return out;
  }
}
