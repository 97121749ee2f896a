package dev.meshprobe.rules;

import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.PodTemplate;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.Fact;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.yaml.YEntry;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code status.sidecar.istio.io/port: "0"} turns the sidecar agent's status server off, yet the
 * injector still rewrites probes to that port, so every rewritten probe calls port 0.
 */
@RuleInfo(
    id = "status-port-disabled-with-rewrite",
    severity = Severity.ERROR,
    summary = "The status port is set to 0 while probes are rewritten, so rewritten probes target port 0.",
    href = "https://istio.io/latest/docs/reference/config/annotations/")
public final class StatusPortDisabledWithRewriteRule extends Rule {
  @Override
  public void checkWorkload(Workload w, MeshModel mesh, Consumer<Finding> sink) {
    PodTemplate pod = w.pod();
    YEntry e = pod.annotationsNode() == null ? null : pod.annotationsNode().entry(MeshModel.STATUS_PORT);
    if (e == null || mesh.statusPort(pod) != 0) {
      return;
    }
    Fact<Boolean> sidecar = mesh.sidecar(pod);
    Fact<Boolean> rewrite = mesh.rewrite(pod);
    if (!sidecar.value() || !rewrite.value() || !hasRewrittenProbe(pod, mesh)) {
      return;
    }
    sink.accept(finding(w.resource().ref(e.key()),
        "Rewritten probes of this pod will fail" + Describe.condition(mesh) + ": " + MeshModel.STATUS_PORT
            + " \"0\" turns off the agent port Istio sends them to" + (sidecar.isAssumed() ? " (sidecar assumed)" : "") + ".")
        .about(w.resource()).facts(List.of(rewrite)).assumptions(w, sidecar, false).build());
  }

  private static boolean hasRewrittenProbe(PodTemplate pod, MeshModel mesh) {
    for (Container c : pod.containers()) {
      for (Probe p : c.probes()) {
        if (p.handler() != ProbeHandler.EXEC && p.handler() != ProbeHandler.NONE && mesh.kindNotRewritten(p) == null) {
          return true;
        }
      }
    }
    return false;
  }
}
