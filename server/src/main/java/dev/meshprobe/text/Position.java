package dev.meshprobe.text;

/** A 0-based line and a 0-based column counted in UTF-16 code units, as LSP counts them. */
public record Position(int line, int character) implements Comparable<Position> {
  @Override
  public int compareTo(Position o) {
    return line != o.line ? Integer.compare(line, o.line) : Integer.compare(character, o.character);
  }
}
