package dev.meshprobe.fixes;

import dev.meshprobe.k8s.PodTemplate;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.List;

/**
 * Sets {@code sidecar.istio.io/rewriteAppHTTPProbers: "true"} on the pod template, so the injector
 * points the probe at the sidecar agent (port 15020), which probes the app from inside the pod where
 * mTLS does not apply. Only offered when the target Istio version rewrites this kind of probe and no
 * injection template ({@code grpc-agent}, {@code grpc-simple}) forces rewriting off.
 */
final class EnableProbeRewriteFix extends Fix {
  static final String ID = "enable-probe-rewrite";

  private EnableProbeRewriteFix(List<FileEdit> edits) {
    super(edits);
  }

  static Fix offer(FixContext c) {
    ProbeVerdict v = c.verdict();
    if (v == null || !v.hasSidecar() || v.alreadyRewritten() || v.rewrite().value() || v.kindNotRewritten() != null) {
      return null;
    }
    PodTemplate pod = c.probe().container().pod();
    if (forcedOff(pod.annotations().get(MeshModel.TEMPLATES))) {
      return null;
    }
    List<FileEdit> edits = single(c, Annotations.set(c.editor(), pod.node(), MeshModel.REWRITE, old -> "true"));
    return edits == null ? null : new EnableProbeRewriteFix(edits);
  }

  /** The proxyless gRPC templates never rewrite probes, whatever the annotation says. */
  private static boolean forcedOff(String templates) {
    if (templates == null) {
      return false;
    }
    for (String t : templates.split(",")) {
      if (t.trim().equals("grpc-agent") || t.trim().equals("grpc-simple")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Enable Istio probe rewrite for this pod";
  }
}
