package dev.meshprobe.yaml;

/**
 * Limits that keep hostile input from hanging or crashing the parser.
 *
 * @param maxFileChars files longer than this are not analysed (default 10 MB)
 * @param maxAliases aliases to collections allowed in one document (alias bombs)
 * @param maxDepth nesting depth of collections allowed in one document
 */
public record ParseLimits(int maxFileChars, int maxAliases, int maxDepth) {
  public static final ParseLimits DEFAULT = new ParseLimits(10 * 1024 * 1024, 100, 500);
}
