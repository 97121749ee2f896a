package dev.meshprobe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecodedTextTest {
  @Test
  void decodesUtf8() {
    DecodedText d = DecodedText.decode("name: caf\u00e9 \uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8));
    assertTrue(d.ok());
    assertEquals("name: caf\u00e9 \uD83D\uDE00\n", d.text());
    assertNull(d.problem());
  }

  @Test
  void dropsUtf8ByteOrderMark() {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', '1'};
    assertEquals("a: 1", DecodedText.decode(bytes).text());
  }

  @Test
  void refusesMalformedUtf8() {
    byte[] latin1 = "caf\u00e9: 1".getBytes(StandardCharsets.ISO_8859_1);
    DecodedText d = DecodedText.decode(latin1);
    assertFalse(d.ok());
    assertNull(d.text());
    assertEquals("not UTF-8", d.problem());
  }

  @Test
  void refusesTruncatedMultiByteSequence() {
    byte[] bytes = Arrays.copyOf("x: \u20AC".getBytes(StandardCharsets.UTF_8), 5);
    assertEquals("not UTF-8", DecodedText.decode(bytes).problem());
  }

  @Test
  void utf16WithByteOrderMarkIsNotUtf8() {
    byte[] bytes = "\uFEFFa: 1".getBytes(StandardCharsets.UTF_16LE);
    assertEquals("not UTF-8", DecodedText.decode(bytes).problem());
    assertEquals("not UTF-8", DecodedText.decode("\uFEFFa: 1".getBytes(StandardCharsets.UTF_16BE)).problem());
  }

  @Test
  void nulByteEarlyMeansBinary() {
    byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13};
    DecodedText d = DecodedText.decode(bytes);
    assertEquals("binary", d.problem());
    assertNull(d.text());
  }

  @Test
  void nulByteAfterTheFirst8KbIsJustACharacter() {
    byte[] bytes = new byte[9000];
    Arrays.fill(bytes, (byte) 'a');
    bytes[8500] = 0;
    DecodedText d = DecodedText.decode(bytes);
    assertTrue(d.ok());
    assertEquals(9000, d.text().length());
  }

  @Test
  void emptyFileIsEmptyText() {
    assertEquals("", DecodedText.decode(new byte[0]).text());
  }
}
