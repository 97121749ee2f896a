package dev.meshprobe.engine;

import dev.meshprobe.k8s.WorkloadKind;
import dev.meshprobe.mesh.MeshIndex;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells from a document's text, without parsing it, that a closed file would drop it: an object of a
 * kind that is neither a workload nor mesh-relevant, or a ConfigMap that cannot be Istio's. Only what
 * can be told for certain: the root must be a block mapping whose lines at column 0 are all plain
 * keys (or blank, comments), with exactly one {@code kind:} among them and a single word for its value;
 * anything else (quoted or complex keys, merge keys, flow roots, tags, anchors, directives) is parsed.
 * A document dropped this way would have been dropped after parsing too: its kind decides it, and a
 * document with a syntax error gives no resources either way.
 */
final class UnusedDocuments {
  /** Kinds a closed file may keep a document for. A kind ending in {@code List} may hold any of them. */
  private static final Set<String> KEPT_KINDS = new HashSet<>(MeshIndex.RELEVANT_KINDS);

  static {
    for (WorkloadKind k : WorkloadKind.values()) {
      KEPT_KINDS.add(k.kind());
    }
  }

  private UnusedDocuments() {}

  /** True when the document from {@code start} to {@code end} of {@code text} gives nothing a closed file keeps. */
  static boolean skip(String text, int start, int end) {
    String kind = null;
    int pos = start;
    while (pos < end) {
      int lineEnd = pos;
      while (lineEnd < end && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
        lineEnd++;
      }
      char c = pos < lineEnd ? text.charAt(pos) : '\n';
      if (c == ' ' || c == '#' || c == '\n' || c == '\t' && blank(text, pos, lineEnd)) {
        // Indented content, a comment or a blank line.
      } else if (startsWith(text, pos, lineEnd, "---")) {
        if (!blank(text, pos + 3, lineEnd)) {
          return false;
        }
      } else {
        int keyEnd = pos;
        while (keyEnd < lineEnd && isKeyChar(text.charAt(keyEnd))) {
          keyEnd++;
        }
        if (keyEnd == pos || keyEnd == lineEnd || text.charAt(keyEnd) != ':'
            || (keyEnd + 1 < lineEnd && text.charAt(keyEnd + 1) != ' ')) {
          return false;
        }
        if (keyEnd - pos == 4 && text.startsWith("kind", pos)) {
          if (kind != null) {
            return false;
          }
          kind = word(text, keyEnd + 1, lineEnd);
          if (kind == null || kind.endsWith("List") || !kind.equals("ConfigMap") && KEPT_KINDS.contains(kind)) {
            return false; // most documents: a kept kind, told at its second line
          }
        }
      }
      pos = lineEnd < end && text.charAt(lineEnd) == '\r' && lineEnd + 1 < end && text.charAt(lineEnd + 1) == '\n'
          ? lineEnd + 2 : lineEnd + 1;
    }
    if (kind == null || kind.endsWith("List")) {
      return false;
    }
    if (kind.equals("ConfigMap")) {
      // Istio's ConfigMaps are named `istio` or `istio-sidecar-injector…`. Without an escape (a
      // backslash) no scalar of the document can say "istio" unless its text does.
      return indexOf(text, "istio", start, end) < 0 && indexOf(text, "\\", start, end) < 0;
    }
    return !KEPT_KINDS.contains(kind);
  }

  /** The plain single word after {@code kind:} (then only spaces or a comment), else null. */
  private static String word(String text, int from, int lineEnd) {
    int p = from;
    while (p < lineEnd && text.charAt(p) == ' ') {
      p++;
    }
    int w = p;
    while (p < lineEnd && Character.isLetterOrDigit(text.charAt(p))) {
      p++;
    }
    if (p == w) {
      return null;
    }
    String word = text.substring(w, p);
    while (p < lineEnd && text.charAt(p) == ' ') {
      p++;
    }
    return p == lineEnd || text.charAt(p) == '#' && text.charAt(p - 1) == ' ' ? word : null;
  }

  private static boolean isKeyChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '/';
  }

  private static boolean blank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '#' && (i == from || text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(String text, int pos, int lineEnd, String prefix) {
    return lineEnd - pos >= prefix.length() && text.startsWith(prefix, pos);
  }

  /** Where {@code s} first occurs within {@code text} from {@code from} to {@code to}, or -1; looks no further. */
  private static int indexOf(String text, String s, int from, int to) {
    char first = s.charAt(0);
    for (int i = from; i + s.length() <= to; i++) {
      if (text.charAt(i) == first && text.startsWith(s, i)) {
        return i;
      }
    }
    return -1;
  }
}
