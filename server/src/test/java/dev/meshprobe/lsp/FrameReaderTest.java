package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The base protocol's framing, read from bytes as a client might write them, well or badly. */
class FrameReaderTest {
  private final List<String> log = new ArrayList<>();

  private List<String> read(String input, long max) throws IOException {
    return read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
  }

  private List<String> read(InputStream in, long max) throws IOException {
    FrameReader reader = new FrameReader(in, max, log::add);
    List<String> bodies = new ArrayList<>();
    for (FrameReader.Frame f; (f = reader.next()) != null; ) {
      bodies.add(f.skipped() ? "SKIPPED " + f.length() + " " + new String(f.head(), StandardCharsets.UTF_8)
          : new String(f.body(), StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static String frame(String body) {
    return "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  @Test
  void wellFormedFramesAreReadAsTheyAreWithoutALogLine() throws IOException {
    String a = "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"s\":\"é 😀 } ] \\\" {\"}}";
    String b = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[1,{\"x\":[]}]}";
    String input = frame(a) + "content-length: " + b.length() + "\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n" + b
        + "Content-Length: 8\nX-Other: ignored\n\n{\"n\":1}\n" + frame("\"not an object\"");
    assertEquals(List.of(a, b, "{\"n\":1}", "\"not an object\""), read(input, 1 << 20));
    assertEquals(List.of(), log);
  }

  @Test
  void aLengthTooShortCutsThatMessageAndTheNextHeaderIsFoundInWhatIsLeft() throws IOException {
    String cut = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"x\",\"params\":{\"text\":\"abc\"}}";
    String next = "{\"id\":6}";
    List<String> bodies = read("Content-Length: " + (cut.length() - 10) + "\r\n\r\n" + cut + frame(next), 1 << 20);
    assertEquals(List.of(cut.substring(0, cut.length() - 10), next), bodies);
    assertTrue(log.stream().anyMatch(l -> l.startsWith("skipped 10 bytes that were not a message header")), log::toString);
  }

  @Test
  void aLengthTooLongEndsWithTheJsonValueAndWaitsForNothingMore() throws IOException {
    String body = "{\"id\":1,\"s\":\"}\"}";
    String next = "[{\"id\":2}]";
    // The stream would block after these bytes: a reader that trusted the length would never return.
    InputStream endless = new java.io.SequenceInputStream(new ByteArrayInputStream(
        ("Content-Length: 2000000000\r\n\r\n" + body + frame(next)).getBytes(StandardCharsets.UTF_8)), new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("read past the messages");
          }
        });
    FrameReader reader = new FrameReader(endless, 1 << 20, log::add);
    assertEquals(body, new String(reader.next().body(), StandardCharsets.UTF_8));
    assertEquals(next, new String(reader.next().body(), StandardCharsets.UTF_8));
    assertTrue(log.stream().anyMatch(l -> l.contains("Content-Length said 2000000000 bytes, but its JSON ended after " + body.length())), log::toString);
  }

  @Test
  void whitespaceAfterTheJsonWithinTheLengthBelongsToTheMessage() throws IOException {
    assertEquals(List.of("{\"a\":1}", "{}"), read("Content-Length: 10\r\n\r\n{\"a\":1}\r\n " + frame("{}"), 1 << 20));
    assertEquals(List.of(), log);
  }

  @Test
  void aHeaderWithoutAValidLengthIsSkippedWithItsBody() throws IOException {
    String good = "{\"id\":\"good\"}";
    for (String header : new String[] {"Content-Type: application/vscode-jsonrpc\r\n", "Content-Length: -5\r\n", "Content-Length: abc\r\n",
        "Content-Length: \r\n", "Content-Length: 1e3\r\n"}) {
      log.clear();
      assertEquals(List.of(good), read(header + "\r\n{\"id\":\"lost\",\n \"x\": 1}" + frame(good), 1 << 20), header);
      assertTrue(log.stream().anyMatch(l -> l.startsWith("skipped a message whose header has")), log::toString);
    }
  }

  @Test
  void bytesThatAreNotAHeaderAreSkippedUpToTheNextOne() throws IOException {
    String good = "{\"id\":1}";
    String junk = "this is not a header\r\n" + "x".repeat(100_000) + "\n{\"stray\": true}\r\n\r\n\r\n";
    assertEquals(List.of(good, good), read(junk + frame(good) + "garbage" + frame(good), 1 << 20));
    assertEquals(2, log.stream().filter(l -> l.startsWith("skipped ")).count(), log::toString);
  }

  @Test
  void aMessageOverTheLimitIsSkippedAsItIsReadKeepingItsStart() throws IOException {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"textDocument/didOpen\",\"params\":{\"text\":\"" + "y".repeat(10_000) + "\"}}";
    List<String> bodies = read(frame(big) + frame("{}"), 1024);
    assertEquals(2, bodies.size());
    assertEquals("SKIPPED " + big.length() + " " + big.substring(0, FrameReader.HEAD_BYTES), bodies.get(0));
    assertEquals("{}", bodies.get(1));
    assertTrue(log.stream().anyMatch(l -> l.startsWith("skipped a message of " + big.length() + " bytes: larger than the")
        && l.contains("-Dmeshprobe.maxMessageMB")), log::toString);
  }

  @Test
  void aHugeDeclaredLengthIsNeverAllocated() throws IOException {
    // An object that never closes, declared at 2 GB: the reader holds at most the limit, then skips.
    InputStream open = new InputStream() {
      int n;

      @Override
      public int read() {
        return n++ == 0 ? '{' : n < 3_000_000 ? ' ' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int i = 0;
        for (; i < len; i++) {
          int c = read();
          if (c < 0) {
            return i == 0 ? -1 : i;
          }
          b[off + i] = (byte) c;
        }
        return i;
      }
    };
    FrameReader reader = new FrameReader(new java.io.SequenceInputStream(new ByteArrayInputStream(
        "Content-Length: 2000000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), open), 1 << 20, log::add);
    assertNull(reader.next(), "the input ended inside the message");
    assertTrue(log.stream().anyMatch(l -> l.startsWith("the input ended inside a message, after 2999999 of its 2000000000 bytes")), log::toString);
  }

  @Test
  void theEndOfTheInputEndsReading() throws IOException {
    assertEquals(List.of(), read("", 1024));
    assertEquals(List.of(), read("Content-Length: 5\r\n", 1024));
    assertEquals(List.of(), read("Content-Length: 5\r\n\r\n{\"a", 1024));
  }

  @Test
  void theLimitComesFromASystemProperty() {
    List<String> said = new ArrayList<>();
    String before = System.getProperty("meshprobe.maxMessageMB");
    try {
      System.clearProperty("meshprobe.maxMessageMB");
      assertEquals(64L << 20, FrameReader.maxMessageBytes(said::add));
      System.setProperty("meshprobe.maxMessageMB", "200");
      assertEquals(200L << 20, FrameReader.maxMessageBytes(said::add));
      assertEquals(List.of(), said);
      System.setProperty("meshprobe.maxMessageMB", "lots");
      assertEquals(64L << 20, FrameReader.maxMessageBytes(said::add));
      assertEquals(1, said.size());
    } finally {
      if (before == null) {
        System.clearProperty("meshprobe.maxMessageMB");
      } else {
        System.setProperty("meshprobe.maxMessageMB", before);
      }
    }
  }
}
