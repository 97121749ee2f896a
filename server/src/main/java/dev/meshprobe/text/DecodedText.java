package dev.meshprobe.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The result of decoding a file's bytes: its text, or why it is not text Meshprobe will read
 * ({@code problem} is then a short reason such as "not UTF-8" or "binary", and {@code text} is null).
 */
public record DecodedText(String text, String problem) {
  public static final String BINARY = "binary";
  public static final String NOT_UTF8 = "not UTF-8";

  /** How far to look for a NUL byte: text files never hold one, binary files nearly always do early on. */
  private static final int BINARY_SNIFF_BYTES = 8192;

  /**
   * Decodes strict UTF-8, dropping a UTF-8 byte order mark. Malformed UTF-8 is refused rather than
   * replaced, so that offsets and fixes never silently corrupt a file.
   */
  public static DecodedText decode(byte[] bytes) {
    if (hasUtf16Bom(bytes)) {
      return new DecodedText(null, NOT_UTF8);
    }
    int sniff = Math.min(bytes.length, BINARY_SNIFF_BYTES);
    for (int i = 0; i < sniff; i++) {
      if (bytes[i] == 0) {
        return new DecodedText(null, BINARY);
      }
    }
    int offset = hasUtf8Bom(bytes) ? 3 : 0;
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
          .toString();
      return new DecodedText(text, null);
    } catch (CharacterCodingException e) {
      return new DecodedText(null, NOT_UTF8);
    }
  }

  public boolean ok() {
    return text != null;
  }

  private static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  private static boolean hasUtf16Bom(byte[] b) {
    return b.length >= 2
        && (((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) || ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE));
  }
}
