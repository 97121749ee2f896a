package dev.meshprobe.yaml;

/**
 * An immutable YAML node with its span. Offsets are char offsets (UTF-16 units) relative to the start
 * of the {@link YamlDocument} that holds the node, so that a document reused after an edit elsewhere in
 * the file keeps its tree: add {@link YamlDocument#start()} to get an offset into the file.
 */
public sealed interface YNode permits YScalar, YMapping, YSequence {
  /** Start of the node, relative to its document. */
  int start();

  /** End of the node (exclusive), relative to its document. */
  int end();

  /** The mapping this node is, or null. */
  default YMapping asMapping() {
    return this instanceof YMapping m ? m : null;
  }

  /** The sequence this node is, or null. */
  default YSequence asSequence() {
    return this instanceof YSequence s ? s : null;
  }

  /** The scalar this node is, or null. */
  default YScalar asScalar() {
    return this instanceof YScalar s ? s : null;
  }

  /** The scalar text of this node, or null when it is not a scalar or is a YAML null. */
  default String text() {
    return this instanceof YScalar s && !s.isNull() ? s.value() : null;
  }
}
