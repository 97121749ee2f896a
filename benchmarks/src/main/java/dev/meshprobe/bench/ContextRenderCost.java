package dev.meshprobe.bench;

import dev.meshprobe.context.ContextDiscovery;
import dev.meshprobe.context.ContextRenderer;
import dev.meshprobe.context.ContextSettings;
import dev.meshprobe.context.Contexts;
import dev.meshprobe.context.DeploymentContext;
import dev.meshprobe.context.RenderResult;
import dev.meshprobe.context.Rendered;
import dev.meshprobe.context.RenderedDocument;
import dev.meshprobe.context.SourceFiles;
import dev.meshprobe.mesh.Setting;
import dev.meshprobe.yaml.ParseLimits;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What reading a render costs next to the render itself (DESIGN §8: save → diagnostics within 1.3× the
 * tool's own time). For each chart and kustomization of the corpus folders given, every round renders
 * the context afresh (a new {@link SourceFiles}, as after a save) and measures: the tool's process
 * (helm template / kubectl kustomize), reading its output (parse, origins, source map set-up), and
 * locating every probe key, then every key and value, in the edited text. Prints medians and ratios.
 *
 * <pre>java -cp benchmarks.jar dev.meshprobe.bench.ContextRenderCost TOOLS_DIR ROUNDS CORPUS_FOLDER...</pre>
 */
public final class ContextRenderCost {
  private ContextRenderCost() {}

  public static void main(String[] args) throws Exception {
    Path tools = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    ContextSettings settings = ContextSettings.DEFAULT.withTools(new Setting<>(tools.resolve("helm").toString(), "bench"),
        new Setting<>(tools.resolve("kubectl").toString(), "bench"));
    System.out.println("| context | documents | nodes | tool (ms) | read (ms) | map probe keys (ms) | map every node (ms) | (read + probes) / tool | (read + every node) / tool |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 2; i < args.length; i++) {
      Path folder = Path.of(args[i]).toAbsolutePath().normalize();
      List<Path> files;
      try (Stream<Path> walk = Files.walk(folder)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      Contexts contexts = new ContextDiscovery(settings, SourceFiles.fromDisk()).discover(folder, files);
      for (DeploymentContext c : contexts.rendered()) {
        measure(folder.getFileName() + " " + c.name(), c, settings, rounds);
      }
    }
  }

  private static void measure(String label, DeploymentContext c, ContextSettings settings, int rounds) throws Exception {
    double[] tool = new double[rounds];
    double[] read = new double[rounds];
    double[] probes = new double[rounds];
    double[] all = new double[rounds];
    int docs = 0;
    int nodes = 0;
    for (int r = -Math.max(3, rounds / 2); r < rounds; r++) {
      Rendered forProbes = render(c, settings);
      Rendered forAll = render(c, settings);
      if (forProbes == null || forAll == null) {
        System.out.println("| " + label + " | did not render | | | | | | | |");
        return;
      }
      long t0 = System.nanoTime();
      locate(forProbes, true);
      long t1 = System.nanoTime();
      int n = locate(forAll, false);
      long t2 = System.nanoTime();
      if (r >= 0) {
        tool[r] = forProbes.toolNanos() / 1e6;
        read[r] = forProbes.readNanos() / 1e6;
        probes[r] = (t1 - t0) / 1e6;
        all[r] = (t2 - t1) / 1e6;
        docs = forProbes.documents().size();
        nodes = n;
      }
    }
    double mt = median(tool);
    double mr = median(read);
    double mp = median(probes);
    double ma = median(all);
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.3f | %.3f |%n", label, docs, nodes, mt, mr, mp, ma,
        (mr + mp) / mt, (mr + ma) / mt);
  }

  /** A fresh render, as after a save: new source files, nothing cached. Null when it failed. */
  private static Rendered render(DeploymentContext c, ContextSettings settings) throws InterruptedException {
    RenderResult result = new ContextRenderer(settings, SourceFiles.fromDisk(), System.getenv(), ParseLimits.DEFAULT).render(c);
    return result instanceof Rendered r ? r : null;
  }

  /** Locates the probe keys (or every key and scalar value) of a render; returns how many nodes it looked up. */
  private static int locate(Rendered rendered, boolean probeKeysOnly) {
    int count = 0;
    for (RenderedDocument d : rendered.documents()) {
      List<YNode> nodes = new ArrayList<>();
      collect(d.document().root(), probeKeysOnly, nodes);
      for (YNode n : nodes) {
        d.locate(n);
      }
      count += nodes.size();
    }
    return count;
  }

  private static void collect(YNode n, boolean probeKeysOnly, List<YNode> out) {
    if (n instanceof YMapping m) {
      for (YEntry e : m.entries()) {
        String k = e.keyText();
        if (!probeKeysOnly || "livenessProbe".equals(k) || "readinessProbe".equals(k) || "startupProbe".equals(k)) {
          out.add(e.key());
        }
        collect(e.value(), probeKeysOnly, out);
      }
    } else if (n instanceof YSequence s) {
      for (YNode item : s.items()) {
        collect(item, probeKeysOnly, out);
      }
    } else if (!probeKeysOnly && n != null && n.text() != null) {
      out.add(n);
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
