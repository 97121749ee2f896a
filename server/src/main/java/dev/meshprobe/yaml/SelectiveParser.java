package dev.meshprobe.yaml;

import java.util.function.Consumer;

/**
 * Parses a file's documents like {@link YamlParser#parse(String)} (same split, same document parser),
 * except the documents the caller says it will not use, which are split off but never composed, and
 * hands each to the caller as soon as it is parsed. For a reader that keeps little of files it will not
 * show (the language server's closed files): composing the documents it drops is most of the work, and
 * holding every tree of a multi-megabyte file until its end makes the garbage collector copy them
 * again and again.
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

  /**
   * Hands each document of the file to {@code each} as soon as it is parsed, in order, and keeps none:
   * a reader that keeps little of each document holds one document's tree at a time. Those {@code skip}
   * accepts are not handed over. False, and nothing handed over, when the file is over the size limit
   * (then {@link #parse} gives it as not analysed).
   */
  public boolean forEach(String text, Skip skip, Consumer<YamlDocument> each) {
    if (text.length() > limits.maxFileChars()) {
      return false;
    }
    int index = 0;
    for (DocumentSplitter.Chunk chunk : DocumentSplitter.split(text)) {
      if (!skip.skip(text, chunk.start(), chunk.end())) {
        each.accept(documents.parse(index, chunk.start(), text.substring(chunk.start(), chunk.end())));
      }
      index++;
    }
    return true;
  }
}
