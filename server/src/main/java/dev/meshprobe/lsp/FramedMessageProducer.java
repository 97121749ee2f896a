package dev.meshprobe.lsp;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.meshprobe.engine.Log;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageConstants;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * The server's reader: frames from {@link FrameReader}, parsed by LSP4J's JSON handler and handed to
 * the endpoint, in order, on the reader thread. Nothing a client writes ends the connection but the end
 * of its stream: a message that cannot be read is answered when it is a request whose id can be read,
 * else logged as one line.
 */
final class FramedMessageProducer implements MessageProducer, Closeable {
  private final InputStream in;
  private final MessageJsonHandler json;
  private final MessageIssueHandler issues;
  private final Log log;
  private final long maxBytes;
  private volatile boolean running;

  /** Reads {@code in}; a message over {@code maxBytes} is skipped ({@link FrameReader#maxMessageBytes}). */
  FramedMessageProducer(InputStream in, MessageJsonHandler json, MessageIssueHandler issues, Log log, long maxBytes) {
    this.in = in;
    this.json = json;
    this.issues = issues;
    this.log = log;
    this.maxBytes = maxBytes;
  }

  @Override
  public void listen(MessageConsumer callback) {
    running = true;
    FrameReader frames = new FrameReader(in, maxBytes, this::warn);
    while (running) {
      FrameReader.Frame frame;
      try {
        frame = frames.next();
      } catch (InterruptedIOException e) {
        return;
      } catch (IOException e) {
        // The client's stream broke: the same as its end.
        log.info("the client's stream ended: " + e.getMessage());
        return;
      }
      if (frame == null) {
        return;
      }
      if (frame.skipped()) {
        RequestMessage request = request(new String(frame.head(), StandardCharsets.UTF_8));
        if (request != null) {
          issues.handle(request, List.of(new MessageIssue("The message (" + frame.length() + " bytes) is larger than the server reads.",
              ResponseErrorCode.InvalidRequest.getValue())));
        }
        continue;
      }
      handle(callback, decode(frame));
    }
  }

  private void handle(MessageConsumer callback, String content) {
    Message message;
    try {
      message = json.parseMessage(content);
    } catch (MessageIssueException e) {
      issues.handle(e.getRpcMessage(), e.getIssues());
      return;
    } catch (RuntimeException e) {
      warn("ignored a message that could not be read as JSON-RPC: " + oneLine(e));
      return;
    }
    try {
      callback.consume(message);
    } catch (MessageIssueException e) {
      issues.handle(e.getRpcMessage(), e.getIssues());
    } catch (RuntimeException e) {
      warn("a message could not be handled: " + oneLine(e));
    }
  }

  private String decode(FrameReader.Frame frame) {
    Charset charset;
    try {
      charset = Charset.forName(frame.charset());
    } catch (IllegalArgumentException e) {
      warn("a message names the charset `" + frame.charset() + "`, which Java does not know; it is read as UTF-8, as LSP requires");
      charset = StandardCharsets.UTF_8;
    }
    return new String(frame.body(), charset);
  }

  private void warn(String line) {
    log.warn(line, null);
  }

  /** What a parser said was wrong, in one line: the innermost cause's message, without Java class names. */
  private static String oneLine(RuntimeException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * The request a message's text starts as, read as far as it goes: its {@code id} and {@code method}
   * when both come before the text ends or breaks (clients write them first), else null. For a message
   * cut short or too large to read whole, so that its request can still be answered.
   */
  static RequestMessage request(String content) {
    Either<String, Number> id = null;
    String method = null;
    try (JsonReader reader = new JsonReader(new StringReader(content))) {
      reader.setLenient(true);
      reader.beginObject();
      while (reader.hasNext() && (id == null || method == null)) {
        String name = reader.nextName();
        JsonToken token = reader.peek();
        if (name.equals("id") && token == JsonToken.NUMBER) {
          id = Either.forRight(new java.math.BigDecimal(reader.nextString()));
        } else if (name.equals("id") && token == JsonToken.STRING) {
          id = Either.forLeft(reader.nextString());
        } else if (name.equals("method") && token == JsonToken.STRING) {
          method = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
    } catch (IOException | RuntimeException e) {
      // The text ends or breaks here: what was read so far is what there is.
    }
    if (id == null || method == null) {
      return null;
    }
    RequestMessage request = new RequestMessage();
    request.setJsonrpc(MessageConstants.JSONRPC_VERSION);
    request.setRawId(id);
    request.setMethod(method);
    return request;
  }

  @Override
  public void close() {
    running = false;
  }
}
