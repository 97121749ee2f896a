package dev.meshprobe.context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of a Helm template that YAML would read as a key or a sequence item, with the template actions
 * masked: the literal skeleton of what the template renders. Columns are those of the template's text;
 * offsets are into the template file.
 */
final class TemplateNode {
  enum Value { NONE, LITERAL, ACTION, BLOCK_SCALAR }

  /** A template action that renders YAML under this node: an {@code include} or a value ({@code toYaml .Values.x}). */
  record Injection(TemplateActions.Action action, List<String> dot) {}

  final Path file;
  final int column;
  /** The key, or null for a sequence item. */
  final String key;
  /** The key's span, or for an item its dash. */
  final int start;
  final int end;
  Value value = Value.NONE;
  int valueStart;
  int valueEnd;
  /** The literal value as YAML reads it (quotes taken off), when {@link #value} is LITERAL. */
  String literal;
  /** The action of an ACTION value. */
  TemplateActions.Action valueAction;
  /** What {@code .} is at this line: {@link ValueRefs#ROOT}, a values path, or null when unknown. */
  final List<String> dot;
  final List<TemplateNode> children = new ArrayList<>();
  final List<Injection> injections = new ArrayList<>();

  TemplateNode(Path file, int column, String key, int start, int end, List<String> dot) {
    this.file = file;
    this.column = column;
    this.key = key;
    this.start = start;
    this.end = end;
    this.dot = dot;
  }

  boolean isItem() {
    return key == null && column >= 0;
  }

  /** A key whose value is a block on the following lines (so a sequence at its own column belongs to it). */
  boolean opensBlock() {
    return key != null && value == Value.NONE;
  }

  TemplateNode child(String k) {
    for (TemplateNode c : children) {
      if (k.equals(c.key)) {
        return c;
      }
    }
    return null;
  }

  List<TemplateNode> items() {
    return children.stream().filter(TemplateNode::isItem).toList();
  }

  @Override
  public String toString() {
    return (key == null ? "-" : key) + "@" + column + children;
  }
}
