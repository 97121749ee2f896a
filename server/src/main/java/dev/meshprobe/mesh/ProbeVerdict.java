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
 * @param rewriteOff when rewriting is off for the pod, why, as a short clause for messages; else null
 * @param kindNotRewritten null when the target Istio version rewrites this kind of probe, else why not
 * @param captured whether the sidecar intercepts the probe's port (null when the port is unknown)
 * @param mtls the mode at the probe's port (null when the port is unknown)
 */
public record ProbeVerdict(
    Probe probe, IstioVersion version, Fact<Boolean> sidecar, boolean alreadyRewritten, Fact<Boolean> rewrite,
    String rewriteOff, String kindNotRewritten, Fact<Boolean> captured, MtlsDecision mtls) {

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

  /** True when the verdict rests on a sidecar assumed because the workspace does not show the pod's namespace. */
  public boolean sidecarAssumed() {
    return sidecar.isAssumed();
  }

  /** True when the mTLS mode at the port applies only under an assumption (a namespace shared by folder). */
  public boolean mtlsAssumed() {
    return mtls != null && mtls.mode().restsOnAssumption();
  }

  /** Why the probe is not rewritten, as a short clause for messages; null when it is. */
  public String notRewrittenReason() {
    if (!rewrite.value()) {
      return rewriteOff;
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
        if (mtls.setAside() != null) {
          out.add(mtls.setAside().fact());
        }
      }
    }
    return out;
  }
}
