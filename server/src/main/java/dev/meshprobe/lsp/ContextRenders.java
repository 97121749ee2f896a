package dev.meshprobe.lsp;

import dev.meshprobe.context.DeploymentContext;
import dev.meshprobe.context.RenderFailure;
import dev.meshprobe.context.RenderResult;
import dev.meshprobe.engine.RenderedContexts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When the Helm releases and Kustomize entries of the workspace are rendered again (DESIGN §9): after the
 * first index, at once after a save of one of their files, and when typing in one of them pauses. The tool
 * runs on threads of its own, never on the reader thread nor the engine thread; its result is kept on the
 * engine thread, unless a file of the context changed meanwhile (then the render that change scheduled
 * follows), and the open documents are linted again. Everything here runs on the engine thread except the
 * timers and the tools.
 */
final class ContextRenders {
  /** How long typing in a file of a rendered context must pause before the context is rendered again. */
  static final long TYPING_PAUSE_MS = 400;
  /** After a change on disk or of the settings: only long enough to take in a burst of events. */
  static final long SAVED_MS = 50;

  private final MeshprobeServer server;
  private final AtomicInteger ids = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "meshprobe-render-timer"));
  private final ExecutorService tools = Executors.newFixedThreadPool(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
      r -> daemon(r, "meshprobe-render-" + ids.incrementAndGet()));
  /** Renders waiting for their delay, by context id. */
  private final Map<String, ScheduledFuture<?>> scheduled = new HashMap<>();
  /** Contexts whose tool is running, and those to render again once it is done. */
  private final Set<String> running = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  private List<String> lastMissing = List.of();

  ContextRenders(MeshprobeServer server) {
    this.server = server;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Takes {@code untrustedWorkspace} out of a settings object (the VS Code extension sends it in a
   * workspace the user has not trusted): then no tool that the workspace's configuration names runs.
   */
  static void takeTrust(Map<String, Object> settings, dev.meshprobe.engine.Workspace ws) {
    Object untrusted = settings.remove("untrustedWorkspace");
    ws.contexts().trustConfiguredTools(!Boolean.TRUE.equals(untrusted));
  }

  private RenderedContexts contexts() {
    return server.workspace.contexts();
  }

  /** Every context whose render is missing or stale, after {@code delayMs} (those already waiting keep their time). */
  void renderStale(long delayMs) {
    for (DeploymentContext c : contexts().stale()) {
      if (!scheduled.containsKey(c.id())) {
        schedule(c, delayMs);
      }
    }
  }

  /**
   * A file changed ({@code saved}: written to disk, by a save or another program): the contexts that use
   * it are rendered again at once after a save (one event, nothing to wait for), or when typing pauses.
   * Nothing happens for a plain file.
   */
  void fileChanged(Path file, boolean saved) {
    for (DeploymentContext c : contexts().contextsOf(file)) {
      schedule(c, saved ? 0 : TYPING_PAUSE_MS);
    }
  }

  private void schedule(DeploymentContext c, long delayMs) {
    ScheduledFuture<?> waiting = scheduled.remove(c.id());
    if (waiting != null) {
      waiting.cancel(false);
    }
    if (server.isShutdown()) {
      return;
    }
    scheduled.put(c.id(), timer.schedule(() -> server.runOnEngine(() -> start(c)), delayMs, TimeUnit.MILLISECONDS));
  }

  /** Starts the tool for {@code c} (engine thread); one render per context at a time. */
  private void start(DeploymentContext c) {
    scheduled.remove(c.id());
    if (running.contains(c.id())) {
      again.add(c.id());
      return;
    }
    RenderedContexts.Job job = contexts().prepare(c);
    if (job == null) {
      return;
    }
    running.add(c.id());
    CompletableFuture.supplyAsync(() -> run(job), tools)
        .thenAccept(result -> server.runOnEngine(() -> finish(job, result)));
  }

  private static RenderResult run(RenderedContexts.Job job) {
    try {
      return RenderedContexts.run(job);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RenderFailure(job.context(), RenderFailure.Reason.TIMED_OUT, "rendering was interrupted", List.of());
    } catch (RuntimeException e) {
      return new RenderFailure(job.context(), RenderFailure.Reason.TOOL_FAILED, "rendering failed unexpectedly: " + e, List.of());
    }
  }

  /** Keeps a render's result (engine thread) and shows what it changed. */
  private void finish(RenderedContexts.Job job, RenderResult result) {
    DeploymentContext c = job.context();
    running.remove(c.id());
    long t0 = System.nanoTime();
    RenderedContexts.Accepted accepted = contexts().accept(job, result);
    Set<Path> affected = accepted == null ? null : accepted.files();
    long t1 = System.nanoTime();
    if (affected != null) {
      server.session.relintOpen();
      if (result instanceof dev.meshprobe.context.Rendered r) {
        server.log().info(String.format(java.util.Locale.ROOT, "rendered %s: tool %.0f ms, read %.1f ms, decided %.1f ms, published %.1f ms",
            c.name(), r.toolNanos() / 1e6, r.readNanos() / 1e6, (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6));
      }
      affected.forEach(server.workspaceDiagnostics::changed);
      List<String> missing = contexts().missingTools();
      if (!missing.equals(lastMissing)) {
        lastMissing = missing;
        server.session.status("ready");
      }
    }
    if (again.remove(c.id()) || (contexts().stale().contains(c) && !scheduled.containsKey(c.id()))) {
      schedule(c, SAVED_MS);
    }
  }

  void shutdown() {
    scheduled.values().forEach(f -> f.cancel(false));
    timer.shutdownNow();
    tools.shutdownNow();
  }
}
