package dev.meshprobe.rules;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.mesh.LegacyPolicy;
import dev.meshprobe.mesh.MeshModel;
import java.util.function.Consumer;

/**
 * Istio 1.6 removed the {@code authentication.istio.io/v1alpha1} API: its Policy and MeshPolicy
 * objects are no longer read, so the mTLS they describe is not in force.
 */
@RuleInfo(
    id = "legacy-mtls-policy-ignored",
    severity = Severity.WARNING,
    summary = "This v1alpha1 authentication policy has no effect on Istio 1.6 or later.",
    href = "https://istio.io/latest/blog/2021/migrate-alpha-policy/")
public final class LegacyMtlsPolicyIgnoredRule extends Rule {
  @Override
  public void checkResource(Resource r, MeshModel mesh, Consumer<Finding> sink) {
    if (!LegacyPolicy.isLegacy(r) || !mesh.version().atLeast(6)) {
      return;
    }
    LegacyPolicy p = LegacyPolicy.of(r);
    sink.accept(finding(r.ref(r.node().entry("kind").value()),
        p.display() + " has no effect: Istio " + mesh.version() + " ignores " + r.apiVersion()
            + " (removed in 1.6); use a PeerAuthentication.")
        .about(r).build());
  }
}
