package dev.meshprobe.engine;

import dev.meshprobe.text.DecodedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading manifests from disk: the size limit checked before a byte is read, then decoded (UTF-8, BOM, binary). */
final class DiskFiles {
  private DiskFiles() {}

  /** A file read from disk: its text, or null and why it was not read. */
  record Read(Path path, String text, String notRead) {}

  static Read read(Path p, long maxChars) {
    try {
      String[] out = readFile(p, maxChars);
      return new Read(p, out[0], out[1]);
    } catch (IOException e) {
      return new Read(p, null, "unreadable (" + e.getMessage() + ")");
    }
  }

  /** A file whose bytes were read already (within its size limit), decoded. */
  static Read decode(Path p, byte[] bytes) {
    DecodedText d = DecodedText.decode(bytes);
    return new Read(p, d.text(), d.problem());
  }

  /** Reads a file as bytes with the size limit checked first; returns {text, null} or {null, reason}. */
  static String[] readFile(Path p, long maxChars) throws IOException {
    long size = Files.size(p);
    if (size > maxChars) {
      return new String[] {null, "larger than the " + (maxChars / (1024 * 1024)) + " MB limit (" + (size / (1024 * 1024)) + " MB)"};
    }
    DecodedText d = DecodedText.decode(Files.readAllBytes(p));
    return new String[] {d.text(), d.problem()};
  }

  /** A file's text from disk (within its size limit), or null. */
  static String text(Path p, long maxChars) {
    try {
      return Files.isRegularFile(p) ? readFile(p, maxChars)[0] : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A small file's text for the layout (configuration, kustomizations, a chart's presence), or null. */
  static String small(Path p) {
    try {
      if (!Files.isRegularFile(p) || Files.size(p) > 1024 * 1024) {
        return null;
      }
      return DecodedText.decode(Files.readAllBytes(p)).text();
    } catch (IOException e) {
      return null;
    }
  }
}
