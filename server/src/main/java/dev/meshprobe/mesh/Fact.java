package dev.meshprobe.mesh;

import dev.meshprobe.k8s.SourceRef;

/**
 * One fact a verdict rests on: its value, a sentence that states it in Kubernetes and Istio terms, and
 * where it came from.
 */
public record Fact<T>(T value, String statement, Provenance provenance) {
  public static <T> Fact<T> seen(T value, String statement, SourceRef where) {
    return new Fact<>(value, statement, new Provenance.Seen(where));
  }

  public static <T> Fact<T> configured(T value, String statement, String source) {
    return new Fact<>(value, statement, new Provenance.Configured(source));
  }

  public static <T> Fact<T> assumed(T value, String statement, String reason) {
    return new Fact<>(value, statement, new Provenance.Assumed(reason));
  }

  public static <T> Fact<T> byDefault(T value, String statement) {
    return new Fact<>(value, statement, new Provenance.Default());
  }

  public boolean isAssumed() {
    return provenance instanceof Provenance.Assumed;
  }

  /** The location when the fact was seen in the workspace, else null. */
  public SourceRef where() {
    return provenance instanceof Provenance.Seen s ? s.where() : null;
  }
}
