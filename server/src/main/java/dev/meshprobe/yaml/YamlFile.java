package dev.meshprobe.yaml;

import dev.meshprobe.text.SourceText;
import java.util.List;

/**
 * A parsed file: its text and its documents in order. {@code notAnalysed} is set when the whole file was
 * skipped (too large, not UTF-8, binary); then {@code documents} is empty.
 */
public record YamlFile(SourceText source, List<YamlDocument> documents, YamlProblem notAnalysed) {
  public YamlFile {
    documents = List.copyOf(documents);
  }
}
