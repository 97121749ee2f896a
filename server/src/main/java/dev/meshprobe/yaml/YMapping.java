package dev.meshprobe.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * A mapping; {@code flow} when written as {@code {a: b}}. Offsets are relative to the document.
 *
 * <p>Lookups follow what Kubernetes does with the decoded object: a repeated key keeps its last value,
 * and merge keys ({@code <<: *anchor}, or a sequence of aliases) supply keys the mapping does not set
 * itself, as go-yaml applies them.
 */
public record YMapping(List<YEntry> entries, boolean flow, int start, int end) implements YNode {
  private static final int MAX_MERGE_DEPTH = 16;

  public YMapping {
    entries = List.copyOf(entries);
  }

  /** The entry for {@code key} (the last one when repeated, else from a merge key), or null. */
  public YEntry entry(String key) {
    return entry(key, 0);
  }

  private YEntry entry(String key, int depth) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      YEntry e = entries.get(i);
      if (key.equals(e.keyText()) && !isMergeKey(e)) {
        return e;
      }
    }
    if (depth >= MAX_MERGE_DEPTH) {
      return null;
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      YEntry e = entries.get(i);
      if (!isMergeKey(e)) {
        continue;
      }
      if (e.value() instanceof YMapping m) {
        YEntry found = m.entry(key, depth + 1);
        if (found != null) {
          return found;
        }
      } else if (e.value() instanceof YSequence s) {
        for (YNode item : s.items()) {
          if (item instanceof YMapping m) {
            YEntry found = m.entry(key, depth + 1);
            if (found != null) {
              return found;
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean isMergeKey(YEntry e) {
    return e.key() instanceof YScalar s && s.isPlain() && "<<".equals(s.value());
  }

  /** The value for {@code key}, or null when absent. */
  public YNode get(String key) {
    YEntry e = entry(key);
    return e == null ? null : e.value();
  }

  /** The value for {@code key} when it is a mapping, else null. */
  public YMapping mapping(String key) {
    YNode n = get(key);
    return n instanceof YMapping m ? m : null;
  }

  /** The value for {@code key} when it is a sequence, else null. */
  public YSequence sequence(String key) {
    YNode n = get(key);
    return n instanceof YSequence s ? s : null;
  }

  /** The scalar text for {@code key}, or null when absent, null or not a scalar. */
  public String string(String key) {
    YNode n = get(key);
    return n == null ? null : n.text();
  }

  /** Keys in source order, merged keys included after the mapping's own, each once. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (YEntry e : entries) {
      String k = e.keyText();
      if (k != null && !isMergeKey(e) && !keys.contains(k)) {
        keys.add(k);
      }
    }
    return keys;
  }
}
