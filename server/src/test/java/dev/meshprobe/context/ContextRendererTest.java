package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.yaml.ParseLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rendering many contexts at once, and off the caller's thread. */
class ContextRendererTest {
  private static Scenario scenario(String name) {
    TestTools.require();
    return new Scenario(ContextScenario.root().resolve(name));
  }

  @Test
  void renderAllRendersEveryContextInParallelEachUnderItsOwnContext() throws Exception {
    Scenario s = scenario("base_used_by_three_overlays");
    ContextRenderer renderer = new ContextRenderer(s.settings, s.files, TestTools.env(), ParseLimits.DEFAULT);
    Map<DeploymentContext, RenderResult> results = renderer.renderAll(s.contexts.all(), 3);
    assertEquals(s.contexts.rendered(), List.copyOf(results.keySet()), "plain contexts are not rendered");
    for (Map.Entry<DeploymentContext, RenderResult> e : results.entrySet()) {
      Rendered r = assertInstanceOf(Rendered.class, e.getValue());
      assertEquals(e.getKey(), r.context());
      String prefix = e.getKey().name().substring("overlays/".length()) + "-web";
      assertEquals(prefix, ObjectId.nameOf(Scenario.document(r, "Deployment", prefix).document().root().asMapping()));
    }
  }

  @Test
  void renderAsyncHandsTheWorkToTheExecutor() throws Exception {
    Scenario s = scenario("chart_probe_in_define_helper");
    ContextRenderer renderer = new ContextRenderer(s.settings, s.files, TestTools.env(), ParseLimits.DEFAULT);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<RenderResult> f = renderer.renderAsync(s.contexts.rendered().get(0), pool);
      Rendered r = assertInstanceOf(Rendered.class, f.get(30, TimeUnit.SECONDS));
      assertEquals(1, r.documents().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPlainContextIsNotRendered() {
    Scenario s = scenario("overlays_differ_only_in_patch");
    ContextRenderer renderer = new ContextRenderer(s.settings, s.files, TestTools.env(), ParseLimits.DEFAULT);
    assertThrows(IllegalArgumentException.class, () -> renderer.render(s.contexts.plain()));
  }
}
