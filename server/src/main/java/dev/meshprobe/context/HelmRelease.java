package dev.meshprobe.context;

import java.util.List;

/**
 * A Helm release configured in {@code helm.releases}: the chart folder, the release name, the namespace
 * it is installed into and extra values files (later files win, as with {@code helm -f a -f b}). Paths
 * are as written, resolved against the folder the discovery is given.
 *
 * @param namespace null when not configured (the release then goes to {@code default}, assumed)
 * @param source where it was configured, e.g. {@code .meshprobe.yaml}
 * @param keyPath its key path in that configuration ({@code helm.releases[3]}), or null
 */
public record HelmRelease(String chart, String name, String namespace, List<String> values, String source, String keyPath) {
  public HelmRelease {
    values = List.copyOf(values);
  }

  public HelmRelease(String chart, String name, String namespace, List<String> values, String source) {
    this(chart, name, namespace, values, source, null);
  }

  /**
   * Where the release is in the configuration ({@code helm.releases[3]}): its index among the entries as
   * written, bad ones included; {@code fallback} when not known.
   */
  String at(String fallback) {
    return keyPath != null ? keyPath : fallback;
  }

  /** Equal when the release is the same, wherever it is written. */
  @Override
  public boolean equals(Object o) {
    return o instanceof HelmRelease r && chart.equals(r.chart) && name.equals(r.name) && java.util.Objects.equals(namespace, r.namespace)
        && values.equals(r.values) && java.util.Objects.equals(source, r.source);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(chart, name, namespace, values, source);
  }
}
