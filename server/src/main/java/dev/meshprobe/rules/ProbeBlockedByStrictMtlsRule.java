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
        Describe.probe(p) + " will fail" + Describe.condition(mesh) + ": " + Describe.port(p) + " requires STRICT mTLS and "
            + v.notRewrittenReason() + Describe.assumption(v, true) + ".")
        .about(p).verdict(v, true).build());
  }
}
