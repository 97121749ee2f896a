package dev.meshprobe.mesh;

import dev.meshprobe.k8s.Probe;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the mesh model decided about one probe, each part a fact with its provenance. Rules read
 * this; hovers print {@link #chain()}.
 *
 * @param sidecar whether an Istio sidecar runs in the pod
 * @param alreadyRewritten the probe already points at the sidecar agent's {@code /app-health/} path
 * @param rewrite whether probe rewriting is on for the pod
 * @param kindNotRewritten null when the target Istio version rewrites this kind of probe, else why not
 * @param captured whether the sidecar intercepts the probe's port (null when the port is unknown)
 * @param mtls the mode at the probe's port (null when the port is unknown)
 */
public record ProbeVerdict(
    Probe probe, IstioVersion version, Fact<Boolean> sidecar, boolean alreadyRewritten, Fact<Boolean> rewrite,
    String kindNotRewritten, Fact<Boolean> captured, MtlsDecision mtls) {

  public boolean hasSidecar() {
    return sidecar.value();
  }

  /** True when the injector rewrites this probe to the sidecar agent. */
  public boolean rewritten() {
    return rewrite.value() && kindNotRewritten == null;
  }

  public boolean isCaptured() {
    return captured != null && captured.value();
  }

  /** True when the verdict rests on a sidecar assumed because the namespace is not in the workspace. */
  public boolean sidecarAssumed() {
    return sidecar.isAssumed();
  }

  /** Why the probe is not rewritten, as a clause for messages; null when it is. */
  public String notRewrittenReason() {
    if (!rewrite.value()) {
      return rewrite.statement();
    }
    return kindNotRewritten;
  }

  /** The facts in the order they were decided, for hovers and related information. */
  public List<Fact<?>> chain() {
    List<Fact<?>> out = new ArrayList<>();
    out.add(sidecar);
    if (sidecar.value()) {
      out.add(rewrite);
      if (captured != null) {
        out.add(captured);
      }
      if (mtls != null) {
        out.addAll(mtls.layers());
        if (mtls.managementListener() != null) {
          out.add(mtls.managementListener());
        }
      }
    }
    return out;
  }
}
