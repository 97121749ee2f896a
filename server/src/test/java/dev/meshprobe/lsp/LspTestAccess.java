package dev.meshprobe.lsp;

import dev.meshprobe.engine.Workspace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Test-only access to a running server's engine, for tests in other packages. */
public final class LspTestAccess {
  private LspTestAccess() {}

  /** Runs {@code work} against the server's workspace on its engine thread and waits for the result. */
  public static <T> T onEngine(MeshprobeServer server, Function<Workspace, T> work) throws Exception {
    return server.onEngine(() -> work.apply(server.workspace)).get(30, TimeUnit.SECONDS);
  }

  /**
   * Shortens (or lengthens) the pause in typing after which a chart or overlay is rendered with the
   * unsaved text, so that a test that waits for renders to settle (the differential fuzzer) need not wait
   * 400 ms for each.
   */
  public static void typingPause(MeshprobeServer server, long millis) {
    server.renders.typingPauseMs(millis);
  }

  /** The deployment contexts whose render is missing or stale, by id (engine thread). */
  public static java.util.List<String> staleContexts(MeshprobeServer server) throws Exception {
    return onEngine(server, ws -> ws.contexts().stale().stream().map(dev.meshprobe.context.DeploymentContext::id).toList());
  }

  /** Keeps the engine thread busy until {@code release} completes; requests queue up behind it. */
  public static void blockEngine(MeshprobeServer server, CompletableFuture<Void> release) {
    server.runOnEngine(release::join);
  }
}
