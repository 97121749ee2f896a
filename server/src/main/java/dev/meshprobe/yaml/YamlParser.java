package dev.meshprobe.yaml;

import dev.meshprobe.text.SourceText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a file into documents on document-start ({@code ---}) and document-end ({@code ...}) lines and
 * composes each document on its own with snakeyaml-engine, so that one broken document does not hide
 * the others and an edit re-parses only the documents whose text changed.
 */
public final class YamlParser {
  private final ParseLimits limits;
  private final DocumentParser documents;

  public YamlParser(ParseLimits limits) {
    this.limits = limits;
    this.documents = new DocumentParser(limits);
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
    SourceText source = new SourceText(text);
    if (text.length() > limits.maxFileChars()) {
      YamlProblem tooLarge = new YamlProblem(YamlProblem.Kind.NOT_ANALYSED,
          "larger than the " + describeSize(limits.maxFileChars()) + " limit", 0, DocumentParser.firstLineEnd(text));
      return new YamlFile(source, List.of(), tooLarge);
    }
    Map<String, YamlDocument> reusable = reusable(previous);
    List<DocumentSplitter.Chunk> chunks = DocumentSplitter.split(text);
    List<YamlDocument> parsed = new ArrayList<>(chunks.size());
    for (DocumentSplitter.Chunk chunk : chunks) {
      String docText = text.substring(chunk.start(), chunk.end());
      YamlDocument old = reusable.get(docText);
      int index = parsed.size();
      parsed.add(old != null ? old.moveTo(index, chunk.start()) : documents.parse(index, chunk.start(), docText));
    }
    return new YamlFile(source, parsed, null);
  }

  /** Documents are immutable and depend on nothing but their own text, so equal text means equal result. */
  private static Map<String, YamlDocument> reusable(YamlFile previous) {
    if (previous == null) {
      return Map.of();
    }
    Map<String, YamlDocument> byText = new HashMap<>(previous.documents().size() * 2);
    for (YamlDocument d : previous.documents()) {
      byText.putIfAbsent(d.text(), d);
    }
    return byText;
  }

  /** A limit in characters, said the way file sizes are: "10 MB". */
  static String describeSize(int chars) {
    int mb = 1024 * 1024;
    if (chars >= mb) {
      return chars % mb == 0 ? chars / mb + " MB" : String.format(Locale.ROOT, "%.1f MB", chars / (double) mb);
    }
    if (chars >= 1024) {
      return chars % 1024 == 0 ? chars / 1024 + " KB" : String.format(Locale.ROOT, "%.1f KB", chars / 1024.0);
    }
    return chars + " characters";
  }
}
