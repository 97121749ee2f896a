package dev.meshprobe.text;

/**
 * The result of decoding a file's bytes: its text, or why it is not text Meshprobe will read
 * ({@code problem} is then a short reason such as "not UTF-8" or "binary", and {@code text} is null).
 */
public record DecodedText(String text, String problem) {
  public static DecodedText decode(byte[] bytes) {
    throw new UnsupportedOperationException("not yet");
  }
}
