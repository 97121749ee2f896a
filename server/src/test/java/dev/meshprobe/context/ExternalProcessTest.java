package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool run as a process: its output, its exit code, and a process tree killed when it overruns. */
class ExternalProcessTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void shell() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
  }

  private ExternalProcess.Outcome sh(String script, Duration timeout, long maxBytes) throws IOException, InterruptedException {
    return ExternalProcess.run(List.of("/bin/sh", "-c", script), dir, Map.of("PATH", "/usr/bin:/bin"), timeout, maxBytes);
  }

  @Test
  void collectsOutputErrorAndExitCode() throws Exception {
    ExternalProcess.Outcome o = sh("echo out; echo err >&2; exit 3", Duration.ofSeconds(10), 1024);
    assertEquals(3, o.exitCode());
    assertEquals("out\n", o.stdout());
    assertEquals("err\n", o.stderr());
    assertFalse(o.timedOut());
  }

  @Test
  void aRunPastItsLimitIsStoppedWithEverythingItStarted() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    long t0 = System.nanoTime();
    // The shell starts a child that would outlive it, as kustomize's git would.
    ExternalProcess.Outcome o = sh("sleep 60 & echo $! > " + pidFile + "; wait", Duration.ofMillis(500), 1024);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(o.timedOut());
    assertEquals(-1, o.exitCode());
    assertTrue(millis < 8_000, "took " + millis + " ms");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).join());
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child " + child + " still runs");
  }

  @Test
  void outputPastTheCapStopsTheRun() throws Exception {
    ExternalProcess.Outcome o = sh("yes meshprobe", Duration.ofSeconds(20), 64 * 1024);
    assertTrue(o.tooLarge());
    assertFalse(o.timedOut());
    assertEquals(64 * 1024, o.stdout().length());
  }

  @Test
  void anInterruptedCallerKillsTheRunAndIsToldSo() throws Exception {
    Thread caller = Thread.currentThread();
    Thread interrupter = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      caller.interrupt();
    });
    interrupter.start();
    long t0 = System.nanoTime();
    boolean interrupted = false;
    try {
      sh("sleep 60", Duration.ofSeconds(60), 1024);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    assertTrue(interrupted);
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10);
  }
}
