package dev.meshprobe.fixes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Inserted lines use the file's own line break: the first one in the file. */
class LinesTest {
  @Test
  void theFirstLineBreakDecides() {
    assertEquals("\n", Lines.newline("a: 1\nb: 2\r\n"));
    assertEquals("\r\n", Lines.newline("a: 1\r\nb: 2\n"));
    assertEquals("\r", Lines.newline("a: 1\rb: 2\r\n"));
    assertEquals("\r", Lines.newline("a: 1\rb: 2"));
    assertEquals("\r\n", Lines.newline("\r\n"));
    assertEquals("\n", Lines.newline("a: 1"));
    assertEquals("\n", Lines.newline(""));
  }
}
