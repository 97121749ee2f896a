package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A Helm release of a chart: configured in {@code helm.releases}, or the chart's default release
 * (release {@code release}, namespace {@code default} assumed, {@code values.yaml} only).
 *
 * @param chart the chart folder (holding {@code Chart.yaml})
 * @param chartLabel the chart folder relative to the discovery's base folder ({@code deploy/charts/shop})
 * @param release the release name given to {@code helm template}
 * @param namespace the release namespace; its source is null when assumed
 * @param valuesFiles extra values files, in {@code -f} order (later wins); the chart's own {@code values.yaml} is not listed
 * @param files every file under the chart folder (subcharts included), and the extra values files
 * @param configured true for a release of {@code helm.releases}, false for the chart's default release
 */
public record HelmContext(Path chart, String chartLabel, String release, Setting<String> namespace, List<Path> valuesFiles,
    Set<Path> files, DeclaredContext declared, boolean configured) implements DeploymentContext {
  /** The release name Meshprobe renders a chart with when no release is configured for it. */
  public static final String DEFAULT_RELEASE = "release";

  public HelmContext {
    valuesFiles = List.copyOf(valuesFiles);
    files = Set.copyOf(files);
  }

  @Override
  public String id() {
    return "helm:" + chartLabel + "#" + release;
  }

  @Override
  public String name() {
    return configured ? release : chartLabel;
  }

  @Override
  public Path entryFile() {
    return chart.resolve("Chart.yaml");
  }
}
