package dev.meshprobe.mesh;

import dev.meshprobe.k8s.SourceRef;

/**
 * One fact a verdict rests on: its value, a plain sentence that states it in Kubernetes and Istio terms
 * (no Markdown: it is shown as related information and in hovers), and where it came from.
 */
public record Fact<T>(T value, String statement, Provenance provenance) {
  public static <T> Fact<T> seen(T value, String statement, SourceRef where) {
    return new Fact<>(value, statement, new Provenance.Seen(where, null));
  }

  /** Seen at {@code where}, but it applies here only if {@code assuming} holds. */
  public static <T> Fact<T> seenAssuming(T value, String statement, SourceRef where, String assuming) {
    return new Fact<>(value, statement, new Provenance.Seen(where, assuming));
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

  /** True when the workspace does not show the fact, so it was assumed. */
  public boolean isAssumed() {
    return provenance instanceof Provenance.Assumed;
  }

  /** True when the fact was assumed, or seen but applies here only under an assumption. */
  public boolean restsOnAssumption() {
    return isAssumed() || provenance instanceof Provenance.Seen s && s.assuming() != null;
  }

  /** The location when the fact was seen in the workspace, else null. */
  public SourceRef where() {
    return provenance instanceof Provenance.Seen s ? s.where() : null;
  }
}
