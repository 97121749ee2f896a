package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.function.Consumer;

/** The kubelet resolves a named probe port against the same container's ports only. */
@RuleInfo(
    id = "probe-port-unresolved",
    severity = Severity.ERROR,
    summary = "The probe names a port that its container does not declare, so the kubelet cannot run it.",
    href = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port")
public final class ProbePortUnresolvedRule extends Rule {
  @Override
  public void checkProbe(ProbeVerdict v, MeshModel mesh, Consumer<Finding> sink) {
    Probe p = v.probe();
    if (!p.portUnresolved()) {
      return;
    }
    sink.accept(finding(p.container().pod().workload().resource().ref(p.key()),
        Describe.probe(p) + " cannot run: the container declares no port named " + p.portName() + " in its ports.")
        .about(p).build());
  }
}
