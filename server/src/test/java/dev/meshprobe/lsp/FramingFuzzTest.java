package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonPrimitive;
import dev.meshprobe.engine.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;

/**
 * Fuzz target (d): the JSON-RPC framing. The input picks a stream of frames as clients write them and
 * get them wrong: well-formed ones (some with extra headers), lengths too short, too long or absurd,
 * headers without a valid length, bytes that are no header at all, messages over the size limit; then
 * one last well-formed frame. Read by {@link FrameReader}, and again by {@link FramedMessageProducer}
 * into LSP4J messages:
 *
 * <ul>
 *   <li>reading ends at the end of the input, without an exception, holding no body over the limit;
 *   <li>every well-formed frame, every frame whose length is too long or absurd (its JSON ends first),
 *       and the last frame come out whole, in order, whatever came between them;
 *   <li>the producer hands each of those to the endpoint as a request with its id;
 *   <li>every log line is one line.
 * </ul>
 *
 * The bytes that are no header hold no {@code c} or {@code C}, so that they cannot spell a
 * {@code Content-Length} of their own; a frame's JSON holds no such name either (what is left of a cut
 * frame is read as header bytes). Without {@code JAZZER_FUZZ} the committed inputs in
 * {@code src/test/resources/dev/meshprobe/lsp/FramingFuzzTestInputs/readFrames/} are replayed.
 */
class FramingFuzzTest {
  private static final int LIMIT = 2048;

  @FuzzTest
  void readFrames(FuzzedDataProvider data) throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<String> whole = new ArrayList<>();
    int count = data.consumeInt(0, 12);
    for (int i = 0; i < count; i++) {
      int kind = data.consumeInt(0, 8);
      String body = message(i, data.consumeString(data.consumeBoolean() ? 40 : 3000));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      boolean fits = bytes.length <= LIMIT;
      switch (kind) {
        case 0, 1 -> {
          write(stream, "Content-Length: " + bytes.length + "\r\n\r\n", bytes);
          add(whole, body, fits);
        }
        case 2 -> write(stream, "Content-Length: " + (bytes.length - data.consumeInt(1, bytes.length - 1)) + "\r\n\r\n", bytes);
        case 3 -> {
          write(stream, "Content-Length: " + (bytes.length + data.consumeInt(1, 100_000)) + "\r\n\r\n", bytes);
          add(whole, body, fits);
        }
        case 4 -> write(stream, "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", bytes);
        case 5 -> write(stream, "Content-Length: " + data.pickValue(new String[] {"-5", "abc", "", "1e3", "0x10", "+7", " - "}) + "\r\n\r\n", bytes);
        case 6 -> {
          write(stream, "Content-Length: " + data.pickValue(new String[] {"2000000000", "9223372036854775807", "99999999999999999999999"})
              + "\r\n\r\n", bytes);
          add(whole, body, fits);
        }
        case 7 -> {
          byte[] junk = data.consumeBytes(data.consumeInt(0, 3000));
          for (int j = 0; j < junk.length; j++) {
            if (junk[j] == 'c' || junk[j] == 'C') {
              junk[j] = 'x';
            }
          }
          stream.writeBytes(junk);
        }
        default -> {
          String extra = data.consumeBoolean() ? "Content-Type: application/vscode-jsonrpc; charset=utf8\r\n" : "X-Client: fuzz\r\n";
          write(stream, data.consumeBoolean() ? extra + "content-length: " + bytes.length + "\r\n\r\n"
              : "Content-Length: " + bytes.length + "\n" + extra.replace("\r\n", "\n") + "\n", bytes);
          add(whole, body, fits);
        }
      }
    }
    String last = message(count, "last");
    write(stream, "Content-Length: " + last.length() + "\r\n\r\n", last.getBytes(StandardCharsets.UTF_8));
    whole.add(last);
    byte[] input = stream.toByteArray();

    List<String> log = new ArrayList<>();
    FrameReader reader = new FrameReader(new ByteArrayInputStream(input), LIMIT, log::add);
    List<String> bodies = new ArrayList<>();
    for (FrameReader.Frame f; (f = reader.next()) != null; ) {
      if (f.skipped()) {
        assertTrue(f.head().length <= FrameReader.HEAD_BYTES);
      } else {
        assertTrue(f.body().length <= LIMIT, "a body over the limit was held");
        bodies.add(new String(f.body(), StandardCharsets.UTF_8));
      }
    }
    assertInOrder(whole, bodies);

    List<String> ids = new ArrayList<>();
    Log lines = new Log() {
      @Override
      public void info(String message) {
        log.add(message);
      }

      @Override
      public void warn(String message, Throwable error) {
        assertEquals(null, error, "a log line with an exception");
        log.add(message);
      }
    };
    MessageJsonHandler json = new MessageJsonHandler(Map.of());
    FramedMessageProducer producer = new FramedMessageProducer(new ByteArrayInputStream(input), json, (message, issues) -> {}, lines,
        LIMIT);
    producer.listen((Message m) -> {
      if (m instanceof RequestMessage r) {
        ids.add(r.getId());
      }
    });
    List<String> wholeIds = whole.stream().map(b -> b.substring(b.indexOf("\"id\":\"") + 6, b.indexOf("\",\"method\""))).toList();
    assertInOrder(wholeIds, ids);
    for (String line : log) {
      assertFalse(line.contains("\n"), () -> "a log line of several lines: " + line);
    }
  }

  /** A request with a unique id; its text holds no {@code content-length} in any case. */
  private static String message(int id, String text) {
    String clean = text.replaceAll("(?i)content-length", "cl");
    return "{\"jsonrpc\":\"2.0\",\"id\":\"m" + id + "\",\"method\":\"fuzz/frame\",\"params\":{\"text\":" + new JsonPrimitive(clean) + "}}";
  }

  private static void add(List<String> whole, String body, boolean fits) {
    if (fits) {
      whole.add(body);
    }
  }

  private static void write(ByteArrayOutputStream out, String header, byte[] body) {
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
  }

  /** Every one of {@code expected} is in {@code actual}, in the same order (others may come between). */
  private static void assertInOrder(List<String> expected, List<String> actual) {
    int at = 0;
    for (String e : expected) {
      while (at < actual.size() && !actual.get(at).equals(e)) {
        at++;
      }
      int found = at;
      assertTrue(found < actual.size(), () -> "lost: " + e + "\nread: " + actual);
      at++;
    }
  }
}
