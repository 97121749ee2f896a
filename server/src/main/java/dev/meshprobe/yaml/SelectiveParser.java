package dev.meshprobe.yaml;

import dev.meshprobe.text.SourceText;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a file like {@link YamlParser#parse(String)}, except the documents the caller says it will
 * not use: those are split off but never composed, and come back with no tree, no problems and no text.
 * For a reader that keeps only some documents of files it will not show (the language server's closed
 * files), where composing documents it then drops is most of the work.
 */
public final class SelectiveParser {
  /** Decides from a document's text, {@code text} from {@code start} to {@code end}, that it is not needed. */
  @FunctionalInterface
  public interface Skip {
    boolean skip(String text, int start, int end);
  }

  private final ParseLimits limits;
  private final DocumentParser documents;

  public SelectiveParser(ParseLimits limits) {
    this.limits = limits;
    this.documents = new DocumentParser(limits);
  }

  /** The file's documents, those {@code skip} accepts left unparsed (root null, text ""). */
  public YamlFile parse(String text, Skip skip) {
    if (text.length() > limits.maxFileChars()) {
      return new YamlParser(limits).parse(text);
    }
    List<DocumentSplitter.Chunk> chunks = DocumentSplitter.split(text);
    List<YamlDocument> parsed = new ArrayList<>(chunks.size());
    for (DocumentSplitter.Chunk chunk : chunks) {
      int index = parsed.size();
      parsed.add(skip.skip(text, chunk.start(), chunk.end())
          ? new YamlDocument(index, chunk.start(), "", null, List.of())
          : documents.parse(index, chunk.start(), text.substring(chunk.start(), chunk.end())));
    }
    return new YamlFile(new SourceText(text), parsed, null);
  }
}
