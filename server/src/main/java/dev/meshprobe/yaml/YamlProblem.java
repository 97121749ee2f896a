package dev.meshprobe.yaml;

/**
 * Something wrong with the text itself. Offsets are relative to the document that holds the problem
 * (for a file-level problem, to the file, which is the same thing: its document starts at 0).
 */
public record YamlProblem(Kind kind, String message, int start, int end) {
  public enum Kind {
    /** The document does not parse. */
    SYNTAX,
    /** A key repeated in one mapping; {@code start}/{@code end} cover the repeated key. */
    DUPLICATE_KEY,
    /** The document or file was skipped or cut short: size, encoding, binary, aliases, nesting. */
    NOT_ANALYSED
  }
}
