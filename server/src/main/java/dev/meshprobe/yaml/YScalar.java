package dev.meshprobe.yaml;

/**
 * A scalar. {@code tag} is the explicit tag written in the source ({@code !!str}), or null. Offsets are
 * relative to the document, see {@link YNode}.
 */
public record YScalar(String value, Style style, String tag, int start, int end) implements YNode {
  public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

  /** A YAML null: an empty plain scalar, {@code null}, {@code Null}, {@code NULL} or {@code ~}. */
  public boolean isNull() {
    if (style != Style.PLAIN || (tag != null && !tag.endsWith(":null") && !tag.equals("!!null"))) {
      return false;
    }
    return value.isEmpty() || value.equals("~") || value.equals("null") || value.equals("Null") || value.equals("NULL");
  }

  public boolean isPlain() {
    return style == Style.PLAIN;
  }
}
