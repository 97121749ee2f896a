package dev.meshprobe.context;

import java.util.List;

/**
 * A Helm release configured in {@code helm.releases}: the chart folder, the release name, the namespace
 * it is installed into and extra values files (later files win, as with {@code helm -f a -f b}). Paths
 * are as written, resolved against the folder the discovery is given.
 *
 * @param namespace null when not configured (the release then goes to {@code default}, assumed)
 * @param source where it was configured, e.g. {@code .meshprobe.yaml}
 */
public record HelmRelease(String chart, String name, String namespace, List<String> values, String source) {
  public HelmRelease {
    values = List.copyOf(values);
  }
}
