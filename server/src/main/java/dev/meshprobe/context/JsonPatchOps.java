package dev.meshprobe.context;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON 6902 operations ({@code op}, {@code path}, {@code value}) read for the keys and values they
 * write. Only {@code add} and {@code replace} write a value of their own; the path is a JSON pointer
 * (RFC 6901: {@code ~1} is {@code /}, {@code ~0} is {@code ~}, {@code -} appends to a list).
 */
final class JsonPatchOps {
  private JsonPatchOps() {}

  /** Where one of {@code ops} writes the node at {@code path}, the last operation first; or null. */
  static Location locate(YSequence ops, NodePath path, EmbeddedYaml yaml, YamlDocument doc, SourceFiles files, boolean equalValue) {
    List<YNode> items = ops.items();
    for (int i = items.size() - 1; i >= 0; i--) {
      if (!(items.get(i) instanceof YMapping op)) {
        continue;
      }
      String kind = op.string("op");
      YNode pointerNode = op.get("path");
      YNode value = op.get("value");
      if (!("add".equals(kind) || "replace".equals(kind)) || pointerNode == null || pointerNode.text() == null || value == null) {
        continue;
      }
      List<String> pointer = segments(pointerNode.text());
      if (pointer == null || pointer.size() > path.size() || !prefixMatches(pointer, path.steps())) {
        continue;
      }
      if (pointer.size() == path.size()) {
        if (path.key()) {
          return keyInPointer(pointerNode, pointer.get(pointer.size() - 1), yaml, doc, files);
        }
        boolean same = TreeLookup.sameScalar(path.node(), value);
        if (!equalValue || same) {
          return yaml.location(doc, value.start(), value.end(), Origin.PATCH, same);
        }
        continue;
      }
      Location inside = KustomizePatch.locateIn(yaml, doc, value, path.from(pointer.size()), path, equalValue);
      if (inside != null) {
        return inside;
      }
    }
    return null;
  }

  /** The segments of a JSON pointer, unescaped; null when it is not one. */
  static List<String> segments(String pointer) {
    if (!pointer.startsWith("/")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : pointer.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static boolean prefixMatches(List<String> pointer, List<NodePath.Step> steps) {
    for (int i = 0; i < pointer.size(); i++) {
      NodePath.Step s = steps.get(i);
      String seg = pointer.get(i);
      if (s.isKey() ? !s.key().equals(seg) : !(seg.equals(Integer.toString(s.index())) || seg.equals("-"))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A key an operation adds is written as the last segment of its path: the location is that segment
   * inside the path string, literal when it needed no escaping.
   */
  private static Location keyInPointer(YNode pointerNode, String key, EmbeddedYaml yaml, YamlDocument doc, SourceFiles files) {
    String escaped = key.replace("~", "~0").replace("/", "~1");
    int start = yaml.fileOffset(doc, pointerNode.start());
    int end = yaml.fileOffset(doc, pointerNode.end());
    String text = files.text(yaml.file);
    int at = text == null || end > text.length() ? -1 : text.substring(start, end).lastIndexOf("/" + escaped);
    if (at < 0) {
      return new Location(yaml.file, start, end, Origin.PATCH, false);
    }
    int s = start + at + 1;
    return new Location(yaml.file, s, s + escaped.length(), Origin.PATCH, escaped.equals(key));
  }
}
