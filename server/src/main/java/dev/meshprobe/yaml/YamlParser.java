package dev.meshprobe.yaml;

/**
 * Splits a file into documents on document-start ({@code ---}) and document-end ({@code ...}) lines and
 * composes each document on its own with snakeyaml-engine, so that one broken document does not hide
 * the others and an edit re-parses only the documents whose text changed.
 */
public final class YamlParser {
  private final ParseLimits limits;

  public YamlParser(ParseLimits limits) {
    this.limits = limits;
  }

  public YamlParser() {
    this(ParseLimits.DEFAULT);
  }

  /** Parses every document of {@code text}. */
  public YamlFile parse(String text) {
    return parse(text, null);
  }

  /**
   * Parses {@code text}, reusing the documents of {@code previous} (may be null) whose text is unchanged,
   * moved to their new index and offset.
   */
  public YamlFile parse(String text, YamlFile previous) {
    throw new UnsupportedOperationException("not yet");
  }
}
