package dev.meshprobe.rules;

import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.mesh.ProbeVerdict;

/** Conditions several probe rules share. */
final class ProbeChecks {
  private ProbeChecks() {}

  /**
   * An httpGet (HTTP or HTTPS) or gRPC probe that the kubelet sends to a port the sidecar intercepts,
   * without the injector rewriting it: whatever mTLS mode the port has decides its fate.
   */
  static boolean plaintextProbeReachesSidecar(ProbeVerdict v) {
    ProbeHandler h = v.probe().handler();
    return (h == ProbeHandler.HTTP_GET || h == ProbeHandler.GRPC) && v.hasSidecar() && !v.alreadyRewritten()
        && v.probe().port() != null && v.isCaptured() && !v.rewritten() && v.mtls() != null && !v.mtls().isExempt();
  }
}
