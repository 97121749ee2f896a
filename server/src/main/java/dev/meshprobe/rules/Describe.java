package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;

/** Phrases shared by rule messages, so that every message names things the same way. */
final class Describe {
  private Describe() {}

  /**
   * {@code Liveness probe}, or {@code Liveness probe of container web} when the pod has several
   * containers: the finding sits on the probe's key, so the name is only needed to tell containers apart.
   */
  static String probe(Probe p) {
    String word = p.type().word();
    String probe = Character.toUpperCase(word.charAt(0)) + word.substring(1) + " probe";
    return p.container().pod().containers().size() > 1 ? probe + " of container " + p.container().name() : probe;
  }

  /** {@code port 8080}, or {@code port 8080 (http)} for a named port. */
  static String port(Probe p) {
    return p.portName() != null ? "port " + p.port() + " (" + p.portName() + ")" : "port " + p.port();
  }

  /**
   * The condition a verdict holds under when the model chose among several definitions of one object
   * ({@code if strict.yaml is applied}), else "".
   */
  static String condition(MeshModel mesh) {
    String alternative = mesh.alternative();
    return alternative == null ? "" : " if " + alternative + (alternative.contains(" and ") ? " are" : " is") + " applied";
  }

  /**
   * What a probe verdict assumed, closing a message: the namespace when a namespace-less policy decided
   * ({@code mtlsDecides}), else the sidecar; "" when nothing was. The full sentence goes into the
   * related information.
   */
  static String assumption(ProbeVerdict v, boolean mtlsDecides) {
    if (mtlsDecides && v.mtlsAssumed() || v.sidecarAssumed() && v.probe().container().pod().workload().resource().namespaceAssumed()) {
      return " (namespace " + v.probe().container().pod().workload().namespace() + " assumed)";
    }
    return v.sidecarAssumed() ? " (sidecar assumed)" : "";
  }
}
