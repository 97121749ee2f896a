package dev.meshprobe.context;

import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a Helm release with the user's {@code helm template}, to standard output: nothing is written
 * anywhere, and each document comes after a {@code # Source: <chart>/templates/<file>} comment (helm
 * v4.1.4). Flags: {@code --include-crds} (an install applies the chart's CRDs too) and {@code
 * --skip-tests} (test hooks run only under {@code helm test}, not at install). {@code helm dependency}
 * is never run: it downloads; a chart whose dependencies are missing fails with helm's own message.
 */
final class HelmRenderer {
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+?)\\s*$");

  private final RenderSetup setup;

  HelmRenderer(RenderSetup setup) {
    this.setup = setup;
  }

  RenderResult render(HelmContext context) throws InterruptedException {
    return render(context, Map.of());
  }

  /**
   * Renders the release with {@code overlay} (file to unsaved text) in place of what those files hold on
   * disk: the chart and the release's values files are then rendered from a {@link ShadowTree}.
   */
  RenderResult render(HelmContext context, Map<Path, String> overlay) throws InterruptedException {
    ToolFinder.Found found = setup.tools().helm(setup.settings().helm());
    if (found.tool() == null) {
      return ToolFailures.missing(context, found.missing());
    }
    if (overlay.isEmpty()) {
      return run(context, found.tool(), context.chart(), context.valuesFiles());
    }
    List<Path> folders = new ArrayList<>(List.of(context.chart()));
    context.valuesFiles().forEach(v -> folders.add(v.getParent()));
    try (ShadowTree shadow = ShadowTree.of(ShadowTree.commonFolder(folders), List.of(context.chart()), context.valuesFiles(), overlay)) {
      return shadow.unmap(run(context, found.tool(), shadow.map(context.chart()), context.valuesFiles().stream().map(shadow::map).toList()));
    } catch (IOException e) {
      return new RenderFailure(context, RenderFailure.Reason.TOOL_FAILED, "the unsaved files could not be copied to render them: "
          + e.getMessage(), List.of());
    }
  }

  private RenderResult run(HelmContext context, Tool tool, Path chartDir, List<Path> values) throws InterruptedException {
    List<String> command = new ArrayList<>(tool.command());
    command.addAll(List.of("template", context.release(), chartDir.toString(), "--namespace", context.namespace().value(),
        "--include-crds", "--skip-tests"));
    for (Path v : values) {
      command.add("--values");
      command.add(v.toString());
    }
    ExternalProcess.Outcome out;
    try {
      out = ExternalProcess.run(command, Path.of(System.getProperty("java.io.tmpdir")), setup.tools().env(), setup.settings().timeout(), setup.maxOutputBytes());
    } catch (IOException e) {
      return new RenderFailure(context, RenderFailure.Reason.TOOL_FAILED, "helm could not be run: " + e.getMessage(), List.of());
    }
    RenderFailure failure = ToolFailures.of(context, tool, out, setup.settings().timeout(), setup.maxOutputBytes(), line -> line);
    if (failure != null) {
      return failure;
    }
    long t0 = System.nanoTime();
    YamlFile yaml = setup.parser().parse(out.stdout());
    HelmChart chart = HelmChart.read(context.chart(), setup.files());
    Map<Integer, HelmChart.Source> sources = new HashMap<>();
    List<YamlDocument> docs = new ArrayList<>();
    for (YamlDocument d : yaml.documents()) {
      if (d.root() == null) {
        continue;
      }
      docs.add(d);
      Matcher m = SOURCE.matcher(d.text());
      // The comment opens the document; a block scalar further down may hold anything.
      m.region(0, Math.min(d.text().length(), 1024));
      HelmChart.Source s = m.find() ? chart.resolve(m.group(1)) : null;
      if (s != null) {
        sources.put(d.index(), s);
      }
    }
    HelmSourceMap map = new HelmSourceMap(chart, context, setup.files(), sources);
    List<RenderedDocument> rendered = new ArrayList<>(docs.size());
    for (YamlDocument d : docs) {
      HelmChart.Source s = sources.get(d.index());
      rendered.add(new RenderedDocument(d, s == null ? null : s.file(), map));
    }
    return new Rendered(context, out.stdout(), rendered, out.nanos(), System.nanoTime() - t0, out.stderr().strip());
  }
}
