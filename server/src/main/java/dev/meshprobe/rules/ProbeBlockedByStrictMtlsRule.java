package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.function.Consumer;

/**
 * The seed case: the kubelet sends the probe in plaintext without a mesh certificate, the port is
 * STRICT, and nothing rewrites the probe to the sidecar agent, so the sidecar resets the connection.
 */
@RuleInfo(
    id = "probe-blocked-by-strict-mtls",
    severity = Severity.ERROR,
    summary = "The kubelet's probe reaches a sidecar port that requires STRICT mTLS without being rewritten, so it always fails.",
    href = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/")
public final class ProbeBlockedByStrictMtlsRule extends Rule {
  @Override
  public void checkProbe(ProbeVerdict v, MeshModel mesh, Consumer<Finding> sink) {
    if (!ProbeChecks.plaintextProbeReachesSidecar(v) || !v.mtls().isStrict()) {
      return;
    }
    Probe p = v.probe();
    sink.accept(finding(p.container().pod().workload().resource().ref(p.key()),
        Describe.probe(p) + " uses " + Describe.handlerOnPort(p) + ", which requires STRICT mTLS (" + v.mtls().decidedBy()
            + "), and " + v.notRewrittenReason() + ": the kubelet has no mesh certificate, so the sidecar will reject it"
            + Describe.assumption(v) + ".")
        .about(p).facts(v.chain()).assumed(v.sidecarAssumed()).build());
  }
}
