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

  /** Keeps the engine thread busy until {@code release} completes; requests queue up behind it. */
  public static void blockEngine(MeshprobeServer server, CompletableFuture<Void> release) {
    server.runOnEngine(release::join);
  }
}
