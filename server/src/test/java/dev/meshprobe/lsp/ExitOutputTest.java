package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code exit} while another thread is writing a message: the process must not end between the
 * message's header and its body (the client would read a cut frame), and nothing is written after it.
 * Found as a rare cut frame at the end of {@code StdioClientIT}'s standard output.
 */
class ExitOutputTest {
  /** An output that holds the first body written until released: a message caught half-way. */
  private static final class SlowBody extends OutputStream {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final CountDownLatch inBody = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private boolean held;

    @Override
    public synchronized void write(int b) {
      written.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      boolean body = len > 0 && b[off] == '{';
      if (body && !held) {
        held = true;
        inBody.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (this) {
        written.write(b, off, len);
      }
    }
  }

  @Test
  @Timeout(20)
  void exitWaitsForTheMessageBeingWrittenAndWritesNothingAfter() throws Exception {
    MeshprobeServer server = new MeshprobeServer();
    AtomicBoolean exited = new AtomicBoolean();
    server.onExit(() -> exited.set(true));
    SlowBody out = new SlowBody();
    PipedOutputStream unused = new PipedOutputStream();
    ServerLauncher.launcher(server, new PipedInputStream(unused), out);

    Thread writer = new Thread(() -> server.client.logMessage(new MessageParams(MessageType.Info, "half-way")));
    writer.start();
    assertTrue(out.inBody.await(10, TimeUnit.SECONDS), "the message's body is being written");

    Thread exit = new Thread(server::exit);
    exit.start();
    exit.join(300);
    assertFalse(exited.get(), "exit waits while a message is half written");

    out.release.countDown();
    writer.join(5_000);
    exit.join(5_000);
    assertTrue(exited.get(), "exit ends once the message is whole");

    server.client.logMessage(new MessageParams(MessageType.Info, "after exit"));
    String text = out.written.toString(StandardCharsets.UTF_8);
    int header = text.indexOf("Content-Length: ");
    int body = text.indexOf("\r\n\r\n") + 4;
    int length = Integer.parseInt(text.substring(header + "Content-Length: ".length(), text.indexOf("\r\n", header)));
    assertEquals(body + length, text.length(), "one whole frame and nothing after it: " + text);
    assertTrue(text.contains("half-way") && !text.contains("after exit"), text);
    unused.close();
  }
}
