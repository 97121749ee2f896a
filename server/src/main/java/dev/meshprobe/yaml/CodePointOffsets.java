package dev.meshprobe.yaml;

/**
 * Turns snakeyaml's positions, which count code points, into char offsets (UTF-16 units), which is
 * what Java strings and LSP count. Text without surrogate pairs, nearly every manifest, maps one to one
 * and needs no table.
 */
final class CodePointOffsets {
  private final int[] charOffsets;
  private final int length;

  private CodePointOffsets(int[] charOffsets, int length) {
    this.charOffsets = charOffsets;
    this.length = length;
  }

  static CodePointOffsets of(String text) {
    int n = text.length();
    boolean surrogates = false;
    for (int i = 0; i < n && !surrogates; i++) {
      surrogates = Character.isSurrogate(text.charAt(i));
    }
    if (!surrogates) {
      return new CodePointOffsets(null, n);
    }
    int[] offsets = new int[text.codePointCount(0, n) + 1];
    int cp = 0;
    for (int i = 0; i < n; i += Character.charCount(text.codePointAt(i))) {
      offsets[cp++] = i;
    }
    offsets[cp] = n;
    return new CodePointOffsets(offsets, n);
  }

  /** The char offset of code point {@code index}, clamped into the text. */
  int toChar(int index) {
    if (charOffsets == null) {
      return Math.max(0, Math.min(index, length));
    }
    return charOffsets[Math.max(0, Math.min(index, charOffsets.length - 1))];
  }
}
