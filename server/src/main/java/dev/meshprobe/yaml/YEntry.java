package dev.meshprobe.yaml;

/** One key/value pair of a mapping. */
public record YEntry(YNode key, YNode value) {
  /** The key's text when it is a scalar, else null. */
  public String keyText() {
    return key instanceof YScalar s ? s.value() : null;
  }
}
