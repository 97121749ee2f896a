package dev.meshprobe.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the frames of LSP's base protocol ({@code Content-Length: N}, optional {@code Content-Type},
 * a blank line, then N bytes of JSON), forgivingly: one mis-framed message costs that message, never
 * the connection.
 *
 * <ul>
 *   <li>Bytes where a header should be that are not one are skipped up to the next
 *       {@code Content-Length:}, even one in the middle of a line (what follows a body whose declared
 *       length was too short).
 *   <li>A header block without a valid length (missing, negative, not a number) is skipped, and so is
 *       the body after it, as bytes that are not a header.
 *   <li>The body is read as far as its declared length, but no further than the end of its JSON value:
 *       a length that is too long (or absurd, 2,000,000,000) does not swallow the next message, nor
 *       wait for bytes that will never come. A length too short gives the parser a cut message (the
 *       request is answered with a parse error when its id can be read) and the rest is skipped.
 *   <li>No more than {@code maxBytes} of a body are ever held: a larger message is skipped as it is
 *       read, keeping only its first bytes to say what it was.
 * </ul>
 *
 * Each of these is said in one log line. Not thread-safe: one reader thread reads a stream.
 */
final class FrameReader {
  /** The default cap on a message: a 50 MB manifest sent whole in {@code didOpen}, as JSON, fits. */
  static final int DEFAULT_MAX_MB = 64;
  /** What a skipped message keeps of its start, to name its method and answer its id. */
  static final int HEAD_BYTES = 4096;
  /** No header line is longer; a longer one is not a header. */
  private static final int MAX_LINE = 8192;
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * One message as framed. {@code body} is null when the message was over the limit and skipped; then
   * {@code head} holds its first bytes. {@code length} is the number of body bytes read.
   */
  record Frame(byte[] body, String charset, long length, byte[] head) {
    boolean skipped() {
      return body == null;
    }
  }

  private final InputStream in;
  private final long maxBytes;
  private final Consumer<String> log;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int lim;
  /** Bytes skipped since the last message, said once the next one is found. */
  private long junk;

  FrameReader(InputStream in, long maxBytes, Consumer<String> log) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.log = log;
  }

  /** The cap on a message's size: {@code -Dmeshprobe.maxMessageMB}, else {@value #DEFAULT_MAX_MB} MB. */
  static long maxMessageBytes(Consumer<String> log) {
    String set = System.getProperty("meshprobe.maxMessageMB");
    if (set != null) {
      try {
        long mb = Long.parseLong(set.trim());
        if (mb > 0 && mb <= 2047) {
          return mb << 20;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      log.accept("-Dmeshprobe.maxMessageMB=" + set + " is not a number of megabytes from 1 to 2047: " + DEFAULT_MAX_MB + " MB is used");
    }
    return (long) DEFAULT_MAX_MB << 20;
  }

  /** The next message, or null at the end of the input. */
  Frame next() throws IOException {
    while (true) {
      long length = -1;
      String lengthText = null;
      String charset = "utf-8";
      boolean headers = false;
      while (true) {
        byte[] line = readLine();
        if (line == null) {
          sayJunk();
          return null;
        }
        if (line.length == 0) {
          if (headers) {
            break;
          }
          continue;
        }
        int colon = indexOf(line, (byte) ':');
        if (colon > 0 && isToken(line, colon)) {
          String name = new String(line, 0, colon, java.nio.charset.StandardCharsets.US_ASCII);
          String value = new String(line, colon + 1, line.length - colon - 1, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
          if (name.equalsIgnoreCase("Content-Length")) {
            lengthText = value;
            length = parseLength(value);
          } else if (name.equalsIgnoreCase("Content-Type")) {
            charset = charsetOf(value);
          }
          headers = true;
        } else {
          // Not a header: what is left of a body whose length was wrong, or something else that is not a message.
          junk += line.length + 1;
          headers = false;
          length = -1;
          lengthText = null;
          charset = "utf-8";
        }
      }
      sayJunk();
      if (length < 0) {
        log.accept("skipped a message whose header has " + (lengthText == null ? "no Content-Length" : "the Content-Length `" + lengthText
            + "`, not a length") + "; reading on from the next header");
        continue;
      }
      Frame frame = body(length, charset);
      if (frame != null) {
        return frame;
      }
      return null;
    }
  }

  /** True when a header's name, the bytes before its colon, is an HTTP token (RFC 9110). */
  private static boolean isToken(byte[] line, int end) {
    for (int i = 0; i < end; i++) {
      byte b = line[i];
      boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A length of digits only; one too large for a long is as good as infinite. -1 when it is not a length. */
  private static long parseLength(String value) {
    if (value.isEmpty() || value.length() > 1000) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The charset a Content-Type names (LSP: utf-8, and "utf8" for older clients); utf-8 when none. */
  private static String charsetOf(String contentType) {
    int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (at < 0) {
      return "utf-8";
    }
    String cs = contentType.substring(at + 8).trim();
    int end = cs.indexOf(';');
    cs = (end >= 0 ? cs.substring(0, end) : cs).trim().replace("\"", "");
    return cs.equalsIgnoreCase("utf8") || cs.isEmpty() ? "utf-8" : cs;
  }

  private void sayJunk() {
    if (junk > 0) {
      log.accept("skipped " + junk + " bytes that were not a message header (the Content-Length of the message before them was"
          + " wrong, or the client wrote something that is not a message); reading on from the next header");
      junk = 0;
    }
  }

  /**
   * One line, without its line break, or null at the end of the input. A {@code Content-Length:} in
   * the middle of a line starts it there, and what came before is skipped; a line longer than any
   * header is skipped as it is read, keeping only enough of its end to find that name.
   */
  private byte[] readLine() throws IOException {
    byte[] line = new byte[128];
    int n = 0;
    while (true) {
      if (pos == lim && !fill()) {
        junk += n;
        return null;
      }
      byte b = buffer[pos++];
      if (b == '\n') {
        if (n > 0 && line[n - 1] == '\r') {
          n--;
        }
        return Arrays.copyOf(line, n);
      }
      if (n == line.length) {
        if (n >= MAX_LINE) {
          int keep = CONTENT_LENGTH.length - 1;
          junk += n - keep;
          System.arraycopy(line, n - keep, line, 0, keep);
          n = keep;
        } else {
          line = Arrays.copyOf(line, n * 2);
        }
      }
      line[n++] = b;
      if (b == ':' && n > CONTENT_LENGTH.length && endsWithContentLength(line, n)) {
        int start = n - CONTENT_LENGTH.length;
        junk += start;
        System.arraycopy(line, start, line, 0, CONTENT_LENGTH.length);
        n = CONTENT_LENGTH.length;
      }
    }
  }

  private static boolean endsWithContentLength(byte[] line, int n) {
    int start = n - CONTENT_LENGTH.length;
    for (int i = 0; i < CONTENT_LENGTH.length; i++) {
      byte b = line[start + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != CONTENT_LENGTH[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads a body of {@code declared} bytes, stopping early where its JSON value ends. Null when the
   * input ends inside it.
   */
  private Frame body(long declared, String charset) throws IOException {
    JsonEnd end = isAsciiCompatible(charset) ? new JsonEnd() : null;
    byte[] held = new byte[(int) Math.min(Math.min(declared, maxBytes), 64 * 1024)];
    int size = 0;
    byte[] head = null;
    long read = 0;
    while (read < declared && (end == null || !end.done)) {
      if (pos == lim && !fill()) {
        log.accept("the input ended inside a message, after " + read + " of its " + declared + " bytes");
        return null;
      }
      int stop = (int) Math.min(lim, pos + Math.min(Integer.MAX_VALUE, declared - read));
      if (end != null) {
        stop = end.scan(buffer, pos, stop);
      }
      int n = stop - pos;
      if (held != null && size + (long) n > maxBytes) {
        head = Arrays.copyOf(held, Math.min(size, HEAD_BYTES));
        if (head.length < HEAD_BYTES) {
          int more = Math.min(n, HEAD_BYTES - head.length);
          head = Arrays.copyOf(head, head.length + more);
          System.arraycopy(buffer, pos, head, head.length - more, more);
        }
        held = null;
      }
      if (held != null) {
        if (size + n > held.length) {
          held = Arrays.copyOf(held, (int) Math.min(maxBytes, Math.max((long) size + n, Math.min(declared, 2L * held.length))));
        }
        System.arraycopy(buffer, pos, held, size, n);
        size += n;
      }
      pos = stop;
      read += n;
    }
    if (end != null && end.done && read < declared) {
      // Whitespace after the JSON, within the declared length, belongs to the message: take what has arrived of it.
      long rest = declared - read;
      while (rest > 0 && pos < lim && isJsonSpace(buffer[pos])) {
        pos++;
        rest--;
      }
      if (rest > 0) {
        log.accept("a message's Content-Length said " + declared + " bytes, but its JSON ended after " + read
            + "; reading the next message from there");
      }
    }
    if (held == null) {
      log.accept("skipped a message of " + (read < declared && end != null && end.done ? read : declared) + " bytes: larger than the "
          + (maxBytes >> 20) + " MB a message may have (start the server with -Dmeshprobe.maxMessageMB=N to raise it)");
      return new Frame(null, charset, read, head);
    }
    return new Frame(size == held.length ? held : Arrays.copyOf(held, size), charset, read, null);
  }

  private static boolean isAsciiCompatible(String charset) {
    String c = charset.toLowerCase(Locale.ROOT);
    return c.equals("utf-8") || c.equals("us-ascii") || c.equals("ascii") || c.equals("iso-8859-1");
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      pos = lim = 0;
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }

  private static int indexOf(byte[] line, byte b) {
    for (int i = 0; i < line.length; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Finds where a JSON object or array ends, from its bytes as they come: nesting outside strings,
   * strings with their escapes. UTF-8 keeps every byte of a multi-byte character above 127, so the
   * structure can be told from bytes. A body that does not start with an object or array never ends
   * early: its declared length alone decides.
   */
  static final class JsonEnd {
    private boolean started;
    private boolean container;
    private boolean inString;
    private boolean escaped;
    private int depth;
    boolean done;

    /** Scans {@code b[from, to)}; returns the index just past the value's last byte, or {@code to}. */
    int scan(byte[] b, int from, int to) {
      for (int i = from; i < to; i++) {
        byte c = b[i];
        if (!started) {
          if (isJsonSpace(c)) {
            continue;
          }
          started = true;
          container = c == '{' || c == '[';
          if (!container) {
            return to;
          }
          depth = 1;
          continue;
        }
        if (!container) {
          return to;
        }
        if (inString) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            inString = false;
          }
        } else if (c == '"') {
          inString = true;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
          done = true;
          return i + 1;
        }
      }
      return to;
    }
  }
}
