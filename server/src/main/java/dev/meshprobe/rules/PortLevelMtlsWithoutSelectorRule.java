package dev.meshprobe.rules;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.mesh.IstioApis;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.PeerAuthenticationPolicy;
import java.util.function.Consumer;

/** Istio only honours {@code portLevelMtls} on a PeerAuthentication that selects workloads. */
@RuleInfo(
    id = "port-level-mtls-without-selector",
    severity = Severity.ERROR,
    summary = "portLevelMtls is set in a PeerAuthentication without a workload selector, which Istio rejects.",
    href = "https://istio.io/latest/docs/reference/config/security/peer_authentication/")
public final class PortLevelMtlsWithoutSelectorRule extends Rule {
  @Override
  public void checkResource(Resource r, MeshModel mesh, Consumer<Finding> sink) {
    // PeerAuthentication exists from Istio 1.5; before that the object is not Istio's at all.
    if (!PeerAuthenticationPolicy.isPeerAuthentication(r) || IstioApis.unserved(r, mesh.version()) != null) {
      return;
    }
    PeerAuthenticationPolicy pa = PeerAuthenticationPolicy.of(r);
    if (pa.portLevelEntry() == null || pa.selector() != null) {
      return;
    }
    sink.accept(finding(r.ref(pa.portLevelEntry().key()),
        "Istio rejects portLevelMtls here: " + pa.display() + " has no workload selector; add selector.matchLabels.")
        .about(r).build());
  }
}
