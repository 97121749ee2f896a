package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.function.Consumer;

/**
 * The injector rewrites the probe to the sidecar agent's status port but keeps {@code host}
 * ({@code convertAppProberHTTPGet} in istio/istio pkg/kube/inject/app_probe.go), so the kubelet calls
 * that host on the status port, where no agent of this pod listens. Pre-injected output that already
 * points at the agent with a {@code host} fails the same way.
 */
@RuleInfo(
    id = "probe-host-breaks-rewrite",
    severity = Severity.WARNING,
    summary = "The probe sets host while Istio rewrites it, so the rewritten probe goes to the wrong address or ignores the host.",
    href = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes")
public final class ProbeHostBreaksRewriteRule extends Rule {
  @Override
  public void checkProbe(ProbeVerdict v, MeshModel mesh, Consumer<Finding> sink) {
    Probe p = v.probe();
    String host = p.host();
    if ((p.handler() != ProbeHandler.HTTP_GET && p.handler() != ProbeHandler.TCP_SOCKET) || host == null || host.isEmpty()
        || !v.hasSidecar() || !(v.alreadyRewritten() || v.rewritten())) {
      return;
    }
    int status = mesh.statusPort(p.container().pod());
    sink.accept(finding(p.container().pod().workload().resource().ref(p.key()),
        Describe.probe(p) + " will fail" + Describe.condition(mesh) + ": with host " + host + ", the kubelet calls the agent's port "
            + status + " there, not in this pod" + Describe.assumption(v, false) + ".")
        .about(p).verdict(v, false).build());
  }
}
