package dev.meshprobe.lsp;

import dev.meshprobe.context.DeploymentContext;
import dev.meshprobe.context.RenderFailure;
import dev.meshprobe.context.RenderResult;
import dev.meshprobe.engine.Layout;
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
  /** Renders waiting for their delay, by context id; a timer whose entry was replaced has been superseded. */
  private final Map<String, Waiting> scheduled = new HashMap<>();
  /** Contexts whose tool is running, and those to render again once it is done. */
  private final Set<String> running = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  /** What the last {@code meshprobe/status} said about renders: the number pending, the tools missing. */
  private int reportedPending;
  private List<String> lastMissing = List.of();

  /** One render waiting for its delay. */
  private static final class Waiting {
    ScheduledFuture<?> timer;
  }

  /** {@link #TYPING_PAUSE_MS}, unless a test shortens it (LspTestAccess). */
  private volatile long typingPauseMs = TYPING_PAUSE_MS;

  ContextRenders(MeshprobeServer server) {
    this.server = server;
  }

  /** The pause in typing after which a context is rendered with the unsaved text. */
  long typingPauseMs() {
    return typingPauseMs;
  }

  void typingPauseMs(long ms) {
    this.typingPauseMs = ms;
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

  /**
   * Every context whose render is missing or stale, after {@code delayMs} (those already waiting keep their
   * time). Nothing is rendered before the first index has ended, which renders every context.
   */
  void renderStale(long delayMs) {
    if (!server.session.ready()) {
      return;
    }
    scheduleStale(delayMs);
    report();
  }

  private void scheduleStale(long delayMs) {
    for (DeploymentContext c : contexts().stale()) {
      if (!scheduled.containsKey(c.id())) {
        schedule(c, delayMs);
      }
    }
  }

  /**
   * How many contexts are waiting to be rendered again or being rendered (engine thread): zero once every
   * render due for the current texts has been kept and its diagnostics published.
   */
  int pending() {
    if (running.isEmpty()) {
      return scheduled.size();
    }
    Set<String> ids = new HashSet<>(scheduled.keySet());
    ids.addAll(running);
    return ids.size();
  }

  /**
   * Sends {@code meshprobe/status} when the number of pending renders or the missing tools changed, after
   * the diagnostics of what changed them: a client shows "rendering", and one that sees zero has what the
   * current texts render to.
   */
  private void report() {
    int pending = pending();
    List<String> missing = contexts().missingTools();
    if (pending != reportedPending || !missing.equals(lastMissing)) {
      reportedPending = pending;
      lastMissing = missing;
      server.session.status("ready");
    }
  }

  /**
   * A file changed ({@code saved}: written to disk, by a save or another program): the contexts that use
   * it are rendered again at once after a save (one event, nothing to wait for), or when typing pauses;
   * so is every other context the change left stale (a configuration or kustomization file changes what
   * is discovered, and the configuration every render). Nothing happens for a plain file, nor before the
   * first index has ended.
   */
  void fileChanged(Path file, boolean saved) {
    if (!server.session.ready()) {
      return;
    }
    List<DeploymentContext> of = contexts().contextsOf(file);
    boolean layout = Layout.isConfigName(file) || Layout.isKustomizationName(file);
    if (of.isEmpty() && !layout) {
      return;
    }
    long delay = saved ? 0 : typingPauseMs;
    for (DeploymentContext c : of) {
      schedule(c, delay);
    }
    scheduleStale(delay);
    report();
  }

  /** Schedules a render of {@code c} after {@code delayMs}, replacing the one waiting (engine thread). */
  private void schedule(DeploymentContext c, long delayMs) {
    Waiting before = scheduled.remove(c.id());
    if (before != null) {
      before.timer.cancel(false);
    }
    if (server.isShutdown()) {
      return;
    }
    // The timer may already have fired for the render replaced here: its start finds another entry and
    // does nothing, so that this one's wait is kept and counted.
    Waiting w = new Waiting();
    scheduled.put(c.id(), w);
    w.timer = timer.schedule(() -> server.runOnEngine(() -> start(c, w)), delayMs, TimeUnit.MILLISECONDS);
  }

  /** Starts the tool for {@code c} (engine thread), unless another schedule replaced this one; one render per context at a time. */
  private void start(DeploymentContext c, Waiting w) {
    if (scheduled.get(c.id()) != w) {
      return;
    }
    scheduled.remove(c.id());
    if (running.contains(c.id())) {
      again.add(c.id());
      report();
      return;
    }
    RenderedContexts.Job job = contexts().prepare(c);
    if (job != null) {
      running.add(c.id());
      CompletableFuture.supplyAsync(() -> run(job), tools)
          .thenAccept(result -> server.runOnEngine(() -> finish(job, result)));
    }
    report();
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
    }
    if (again.remove(c.id()) || (contexts().isStale(c.id()) && !scheduled.containsKey(c.id()))) {
      schedule(c, SAVED_MS);
    }
    report();
  }

  /** Any thread: the timers waiting are dropped with the timer (the map of them is the engine thread's). */
  void shutdown() {
    timer.shutdownNow();
    tools.shutdownNow();
  }
}
