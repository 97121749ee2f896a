package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.mesh.ProbeVerdict;

/** Phrases shared by rule messages, so that every message names things the same way. */
final class Describe {
  private Describe() {}

  /** {@code The liveness probe of container `web` (Deployment shop/web)}. */
  static String probe(Probe p) {
    return "The " + p.type().word() + " probe of container `" + p.container().name() + "` ("
        + p.container().pod().workload().display() + ")";
  }

  /** {@code port 8080}, or {@code port 8080 (`http`)} for a named port. */
  static String port(Probe p) {
    return p.portName() != null ? "port " + p.port() + " (`" + p.portName() + "`)" : "port " + p.port();
  }

  /** {@code httpGet on port 8080}. */
  static String handlerOnPort(Probe p) {
    return p.handler().key() + " on " + port(p);
  }

  /** The clause that closes a message whose verdict rests on an assumed sidecar, else "". */
  static String assumption(ProbeVerdict v) {
    return v.sidecarAssumed() ? " (" + v.sidecar().statement() + ")" : "";
  }
}
