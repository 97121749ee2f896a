package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.function.Consumer;

/**
 * A tcpSocket probe only checks that a connection opens. When the sidecar intercepts the port, Envoy
 * accepts the connection itself whether or not the application listens, so the probe always passes.
 */
@RuleInfo(
    id = "tcp-probe-always-succeeds",
    severity = Severity.WARNING,
    summary = "The TCP probe connects to the sidecar instead of the application, so it passes even when the application is down.",
    href = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/")
public final class TcpProbeAlwaysSucceedsRule extends Rule {
  @Override
  public void checkProbe(ProbeVerdict v, MeshModel mesh, Consumer<Finding> sink) {
    Probe p = v.probe();
    if (p.handler() != ProbeHandler.TCP_SOCKET || !v.hasSidecar() || p.port() == null || !v.isCaptured() || v.rewritten()) {
      return;
    }
    sink.accept(finding(p.container().pod().workload().resource().ref(p.key()),
        Describe.probe(p) + " always passes" + Describe.condition(mesh) + ": the sidecar accepts every connection on " + Describe.port(p)
            + " and " + v.notRewrittenReason() + Describe.assumption(v, false) + ".")
        .about(p).verdict(v, false).build());
  }
}
