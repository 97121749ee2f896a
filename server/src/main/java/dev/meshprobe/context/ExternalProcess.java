package dev.meshprobe.context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a tool as an external process with a time limit. Standard output and error are drained on their
 * own threads (a tool that fills a pipe nobody reads would never end); when the limit passes, or the
 * output grows past its cap, or the calling thread is interrupted, the process and everything it started
 * (kustomize runs git for remote bases) are killed. Nothing here waits without a bound.
 */
final class ExternalProcess {
  /** How long pipes may stay open after the process tree was killed before their readers are abandoned. */
  private static final long DRAIN_GRACE_MILLIS = 2_000;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "meshprobe-tool-pipe-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  /** What a run gave: the exit code (-1 when killed), both outputs, and why it was stopped, if it was. */
  record Outcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean tooLarge, long nanos) {}

  private ExternalProcess() {}

  /**
   * Runs {@code command} in {@code workDir} with {@code env} as its whole environment, stdin empty.
   *
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when the calling thread is interrupted (the process tree is killed first)
   */
  static Outcome run(List<String> command, Path workDir, Map<String, String> env, Duration timeout, long maxOutputBytes)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    long t0 = System.nanoTime();
    Process process = pb.start();
    process.getOutputStream().close();
    Capped out = new Capped(maxOutputBytes);
    Capped err = new Capped(64 * 1024);
    Future<?> outReader = PIPES.submit(() -> out.drain(process.getInputStream()));
    Future<?> errReader = PIPES.submit(() -> err.drain(process.getErrorStream()));
    boolean timedOut = false;
    try {
      long deadline = t0 + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (process.waitFor(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50))), TimeUnit.NANOSECONDS)) {
          break;
        }
        if (out.overflowed()) {
          killTree(process);
          break;
        }
        if (System.nanoTime() >= deadline) {
          timedOut = true;
          killTree(process);
          break;
        }
      }
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    awaitDrained(outReader);
    awaitDrained(errReader);
    int code = process.isAlive() ? -1 : process.exitValue();
    return new Outcome(timedOut || out.overflowed() ? -1 : code, out.text(), err.text(), timedOut, out.overflowed(), System.nanoTime() - t0);
  }

  /** Kills the process and its descendants, found before the parent dies (its orphans are re-parented). */
  static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    for (ProcessHandle h : descendants) {
      h.destroyForcibly();
    }
    process.destroyForcibly();
    try {
      process.waitFor(DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitDrained(Future<?> reader) throws InterruptedException {
    try {
      reader.get(DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // A grandchild that escaped the kill still holds the pipe: leave its reader behind.
      reader.cancel(true);
    } catch (java.util.concurrent.ExecutionException e) {
      // The pipe broke; what was read so far is kept.
    }
  }

  /** Collects a stream up to a cap, and keeps reading (discarding) past it so the writer never blocks. */
  private static final class Capped {
    private final long cap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean overflowed;

    Capped(long cap) {
      this.cap = cap;
    }

    void drain(InputStream in) {
      byte[] buf = new byte[64 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (this) {
            long room = cap - bytes.size();
            if (room > 0) {
              bytes.write(buf, 0, (int) Math.min(room, n));
            }
            if (n > room) {
              overflowed = true;
            }
          }
        }
      } catch (IOException e) {
        // Closed because the process was killed: keep what came.
      }
    }

    boolean overflowed() {
      return overflowed;
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
