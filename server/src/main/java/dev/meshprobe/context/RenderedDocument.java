package dev.meshprobe.context;

import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import java.nio.file.Path;

/**
 * One object (or {@code List}) a tool rendered, parsed with the project's YAML layer so that the
 * Kubernetes and mesh models can be built on it as on any file's document, and the way back from any of
 * its nodes to the text the user edits.
 */
public final class RenderedDocument {
  private final YamlDocument document;
  private final Path source;
  private final SourceMap sourceMap;

  RenderedDocument(YamlDocument document, Path source, SourceMap sourceMap) {
    this.document = document;
    this.source = source;
    this.sourceMap = sourceMap;
  }

  /** The parsed document; its node spans are relative to its start in {@link Rendered#text()}. */
  public YamlDocument document() {
    return document;
  }

  /**
   * The file the document came from: the Helm template ({@code # Source:}) or the Kustomize origin
   * file; null when there is none in the workspace (a generated object, a remote base, a packaged subchart).
   */
  public Path source() {
    return source;
  }

  /** Where the node (a key or a value of this document) is in the edited text; null for a node not in it. */
  public Location locate(YNode node) {
    return node == null ? null : sourceMap.locate(document, node.start(), node.end());
  }

  /** Where the node spanning {@code start..end} (relative to the document) is in the edited text. */
  public Location locate(int start, int end) {
    return sourceMap.locate(document, start, end);
  }
}
