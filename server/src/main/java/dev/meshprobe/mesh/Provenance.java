package dev.meshprobe.mesh;

import dev.meshprobe.k8s.SourceRef;

/**
 * Where a fact came from: seen in a workspace file, configured by the user, assumed because the
 * workspace cannot tell, or Istio's (or Kubernetes') own default behaviour.
 */
public sealed interface Provenance {
  /**
   * Seen in the workspace at {@code where}. {@code assuming} is null when the fact holds as seen, else
   * the assumption under which it applies here (a namespace-less policy taken to share the namespace of
   * the namespace-less workload it is applied with).
   */
  record Seen(SourceRef where, String assuming) implements Provenance {}

  /** Set in configuration; {@code source} names it, e.g. {@code .meshprobe.yaml (mesh.mtls)}. */
  record Configured(String source) implements Provenance {}

  /** Assumed because the workspace does not show it; {@code reason} says what is missing. */
  record Assumed(String reason) implements Provenance {}

  /** Istio's or Kubernetes' documented default. */
  record Default() implements Provenance {}

  default String label() {
    if (this instanceof Seen s) {
      return s.assuming() == null ? "seen" : "seen; applies if " + s.assuming();
    }
    if (this instanceof Configured) {
      return "configured";
    }
    return this instanceof Assumed ? "assumed" : "default";
  }
}
