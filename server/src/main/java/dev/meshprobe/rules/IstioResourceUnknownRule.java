package dev.meshprobe.rules;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.mesh.IstioApis;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.yaml.YEntry;
import java.util.function.Consumer;

/**
 * An Istio security kind under an apiVersion that does not serve it: {@code MeshPolicy} or
 * {@code Policy} outside {@code authentication.istio.io/v1alpha1}, {@code PeerAuthentication} outside
 * {@code security.istio.io/v1beta1} and {@code v1} (v1 only from Istio 1.22). The API server rejects
 * it, so the mode it sets is never in force; Meshprobe does not take it for a policy either. Reported
 * on the {@code apiVersion} value, the part that is wrong.
 */
@RuleInfo(
    id = "istio-resource-unknown",
    severity = Severity.WARNING,
    summary = "An Istio security kind under an apiVersion that does not serve it: the API server rejects it, so its mTLS mode is never in force.",
    href = "https://istio.io/latest/docs/reference/config/security/peer_authentication/")
public final class IstioResourceUnknownRule extends Rule {
  @Override
  public void checkResource(Resource r, MeshModel mesh, Consumer<Finding> sink) {
    String why = IstioApis.unserved(r, mesh.version());
    if (why == null) {
      return;
    }
    YEntry apiVersion = r.node().entry("apiVersion");
    sink.accept(finding(apiVersion != null && apiVersion.value() != null ? r.ref(apiVersion.value()) : r.nameRef(),
        r.display() + " is never in force: " + why + ", so the API server rejects it.")
        .about(r).build());
  }
}
