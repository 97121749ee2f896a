package dev.meshprobe.context;

import dev.meshprobe.yaml.ParseLimits;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders deployment contexts with the user's tools. A render runs the tool in its own process with
 * the configured time limit (the process tree is killed when it passes), on an executor the caller
 * chooses, so an editor's thread never waits on a tool; {@link #renderAll} renders many on all cores
 * (the command line).
 */
public final class ContextRenderer {
  /** Margin over the tool's time limit before a caller stops waiting for a render that should have ended. */
  private static final long WAIT_MARGIN_MILLIS = 5_000;

  private final ContextSettings settings;
  private final KustomizeRenderer kustomize;
  private final HelmRenderer helm;

  /**
   * @param env the environment the tools run in (its {@code PATH} is searched for them): the server's own
   *     environment normally, a controlled one in tests
   * @param limits the rendered output must fit {@code maxFileChars}, like any file
   * @param base the folder a relative {@code tools.*} path is relative to (the configuration file's); null
   *     for the working directory
   */
  public ContextRenderer(ContextSettings settings, SourceFiles files, Map<String, String> env, ParseLimits limits, Path base) {
    this.settings = settings;
    ToolFinder tools = new ToolFinder(env, base);
    YamlParser parser = new YamlParser(limits);
    long maxBytes = Math.max(1, (long) limits.maxFileChars());
    RenderSetup setup = new RenderSetup(tools, settings, files, parser, maxBytes);
    this.kustomize = new KustomizeRenderer(setup);
    this.helm = new HelmRenderer(setup);
  }

  public ContextRenderer(ContextSettings settings, SourceFiles files, Map<String, String> env, ParseLimits limits) {
    this(settings, files, env, limits, null);
  }

  /** With the process's own environment and the default limits. */
  public ContextRenderer(ContextSettings settings, SourceFiles files) {
    this(settings, files, System.getenv(), ParseLimits.DEFAULT, null);
  }

  /**
   * Renders {@code context} on the calling thread; returns within the time limit plus the time to kill
   * the tool. A plain context has nothing to render.
   *
   * @throws InterruptedException when the thread is interrupted (the tool is killed first)
   */
  public RenderResult render(DeploymentContext context) throws InterruptedException {
    return render(context, Map.of());
  }

  /**
   * Renders {@code context} with {@code overlay} (a file of the context to the text of its unsaved editor
   * buffer) in place of what those files hold on disk, from a temporary copy; nothing is written into the
   * user's tree.
   *
   * @throws InterruptedException when the thread is interrupted (the tool is killed first)
   */
  public RenderResult render(DeploymentContext context, Map<Path, String> overlay) throws InterruptedException {
    if (context instanceof KustomizeContext k) {
      return kustomize.render(k, overlay);
    }
    if (context instanceof HelmContext h) {
      return helm.render(h, overlay);
    }
    throw new IllegalArgumentException("a plain context is not rendered: " + context.id());
  }

  /** Renders {@code context} on {@code executor}. */
  public CompletableFuture<RenderResult> renderAsync(DeploymentContext context, Executor executor) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return render(context);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
    }, executor);
  }

  /**
   * Renders every rendered context of {@code contexts} on {@code threads} threads (the available cores
   * for the command line), each result under its context, in the given order.
   */
  public Map<DeploymentContext, RenderResult> renderAll(List<DeploymentContext> contexts, int threads) throws InterruptedException {
    List<DeploymentContext> todo = contexts.stream().filter(c -> !(c instanceof PlainContext)).toList();
    Map<DeploymentContext, RenderResult> out = new LinkedHashMap<>();
    if (todo.isEmpty()) {
      return out;
    }
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, todo.size())), r -> {
      Thread t = new Thread(r, "meshprobe-render-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<RenderResult>> futures = new ArrayList<>();
      for (DeploymentContext c : todo) {
        futures.add(renderAsync(c, pool));
      }
      long waitMillis = settings.timeout().toMillis() * todo.size() + WAIT_MARGIN_MILLIS;
      for (int i = 0; i < todo.size(); i++) {
        out.put(todo.get(i), await(todo.get(i), futures.get(i), waitMillis));
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private RenderResult await(DeploymentContext c, CompletableFuture<RenderResult> f, long waitMillis) throws InterruptedException {
    try {
      return f.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new RenderFailure(c, RenderFailure.Reason.TIMED_OUT, "rendering did not finish in time and was abandoned", List.of());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException || cause instanceof CompletionException && cause.getCause() instanceof InterruptedException) {
        throw new InterruptedException("rendering interrupted");
      }
      return new RenderFailure(c, RenderFailure.Reason.TOOL_FAILED, "rendering failed unexpectedly: " + cause, List.of());
    }
  }
}
