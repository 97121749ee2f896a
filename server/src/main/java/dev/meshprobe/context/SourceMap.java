package dev.meshprobe.context;

import dev.meshprobe.yaml.YamlDocument;

/**
 * From a node of a rendered document back to the text the user edits. A render builds one source map
 * for all its documents; a lookup costs a walk down the paths involved, done only for the nodes that
 * findings and facts point at.
 */
public interface SourceMap {
  /**
   * The location of the node (a key or a value) of {@code rendered} whose span is {@code start..end},
   * relative to the document as {@link dev.meshprobe.yaml.YNode} spans are; null when no node has that
   * span. Never throws on odd input.
   */
  Location locate(YamlDocument rendered, int start, int end);
}
