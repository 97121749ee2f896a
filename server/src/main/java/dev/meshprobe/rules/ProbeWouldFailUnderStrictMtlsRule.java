package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.MtlsMode;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.function.Consumer;

/** Works today because the port accepts plaintext, and breaks the day the mesh turns STRICT on. */
@RuleInfo(
    id = "probe-would-fail-under-strict-mtls",
    severity = Severity.INFO,
    summary = "The probe passes through the sidecar without rewriting and will fail once the port requires STRICT mTLS.",
    href = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/")
public final class ProbeWouldFailUnderStrictMtlsRule extends Rule {
  @Override
  public void checkProbe(ProbeVerdict v, MeshModel mesh, Consumer<Finding> sink) {
    if (!ProbeChecks.plaintextProbeReachesSidecar(v) || v.mtls().isStrict()) {
      return;
    }
    Probe p = v.probe();
    MtlsMode mode = v.mtls().mode().value();
    sink.accept(finding(p.container().pod().workload().resource().ref(p.key()),
        Describe.probe(p) + " breaks under STRICT mTLS" + Describe.condition(mesh) + ": " + Describe.port(p) + " is " + mode
            + " now and " + v.notRewrittenReason() + Describe.assumption(v, true) + ".")
        .about(p).verdict(v, true).build());
  }
}
