package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Engine work that may run on the protocol's reader thread (a keystroke, a hover, a code action that
 * comes while the engine is idle) runs there only when no engine task is queued or running: never
 * beside another one (a render's result being kept, a timer's lint), and never ahead of one queued
 * before it.
 */
class EngineSchedulingTest {
  @Test
  void anIdleEngineRunsTheWorkOnTheCallersThreadAtOnce() throws Exception {
    MeshprobeServer server = new MeshprobeServer();
    Thread caller = Thread.currentThread();
    AtomicBoolean here = new AtomicBoolean();
    server.runOnEngineOrHere(() -> here.set(Thread.currentThread() == caller));
    assertTrue(here.get(), "run at once on the calling thread");
    assertEquals(caller, server.onEngineOrHere(Thread::currentThread).get(0, TimeUnit.SECONDS));
  }

  @Test
  void workThatComesWhileAnEngineTaskRunsWaitsForItAndKeepsItsOrder() throws Exception {
    MeshprobeServer server = new MeshprobeServer();
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Void> release = new CompletableFuture<>();
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicBoolean inside = new AtomicBoolean();
    // As a render's result is kept: an engine task that takes a while.
    server.runOnEngine(() -> {
      inside.set(true);
      running.countDown();
      release.join();
      order.add("render kept");
      inside.set(false);
    });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    Thread caller = Thread.currentThread();
    AtomicBoolean ranHere = new AtomicBoolean();
    server.runOnEngineOrHere(() -> {
      overlapped.compareAndSet(false, inside.get());
      ranHere.set(Thread.currentThread() == caller);
      order.add("keystroke");
    });
    CompletableFuture<String> hover = server.onEngineOrHere(() -> {
      overlapped.compareAndSet(false, inside.get());
      order.add("hover");
      return "answer";
    });
    assertFalse(hover.isDone(), "the hover waits for the engine task");
    assertEquals(List.of(), order, "nothing ran beside the engine task");
    release.complete(null);
    assertEquals("answer", hover.get(10, TimeUnit.SECONDS));
    assertEquals(List.of("render kept", "keystroke", "hover"), order);
    assertFalse(overlapped.get(), "no work ran while the engine task did");
    assertFalse(ranHere.get(), "the keystroke was queued, not run on the caller's thread");
  }
}
