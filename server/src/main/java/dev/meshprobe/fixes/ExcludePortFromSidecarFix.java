package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.List;

/**
 * Adds the probe port to {@code traffic.sidecar.istio.io/excludeInboundPorts} on the pod template
 * (merged into an existing list), so the sidecar's iptables rules leave that port alone and the kubelet
 * reaches the app directly. All other traffic to the port then bypasses Envoy and mTLS too.
 */
final class ExcludePortFromSidecarFix extends Fix {
  static final String ID = "exclude-port-from-sidecar";

  private final int port;

  private ExcludePortFromSidecarFix(List<FileEdit> edits, int port) {
    super(edits);
    this.port = port;
  }

  static Fix offer(FixContext c) {
    Probe p = c.probe();
    ProbeVerdict v = c.verdict();
    if (p == null || p.port() == null || v == null || !v.hasSidecar() || !v.isCaptured()) {
      return null;
    }
    String port = String.valueOf(p.port());
    List<FileEdit> edits = single(c, Annotations.set(c.editor(), p.container().pod().node(), MeshModel.EXCLUDE_INBOUND,
        old -> merge(old, port)));
    return edits == null ? null : new ExcludePortFromSidecarFix(edits, p.port());
  }

  /** {@code "15090, 9000"} plus 8080 is {@code "15090, 9000, 8080"}: the author's separator is kept. */
  static String merge(String old, String port) {
    if (old == null || old.isBlank()) {
      return port;
    }
    String trimmed = old.strip();
    if (trimmed.endsWith(",")) {
      return trimmed + port;
    }
    return trimmed + (trimmed.contains(", ") ? ", " : ",") + port;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Exclude port " + port + " from the sidecar";
  }
}
