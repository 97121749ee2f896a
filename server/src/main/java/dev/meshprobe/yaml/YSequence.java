package dev.meshprobe.yaml;

import java.util.List;

/** A sequence; {@code flow} when written as {@code [a, b]}. Offsets are relative to the document. */
public record YSequence(List<YNode> items, boolean flow, int start, int end) implements YNode {
  public YSequence {
    items = List.copyOf(items);
  }
}
