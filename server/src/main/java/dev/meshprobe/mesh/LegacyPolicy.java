package dev.meshprobe.mesh;

import dev.meshprobe.k8s.Ports;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code authentication.istio.io/v1alpha1} MeshPolicy or Policy, the mTLS API of Istio up to 1.5.
 * {@code peersMode} is what its {@code peers} say: STRICT for {@code mtls: {}} or {@code mtls: null}
 * (both meant STRICT), PERMISSIVE for {@code mode: PERMISSIVE}, DISABLE when there are no peers.
 */
public record LegacyPolicy(Resource resource, boolean meshPolicy, List<Target> targets, MtlsMode peersMode) {

  /** A target: a Service name in the policy's namespace and, optionally, ports by number or name. */
  public record Target(String service, List<PortSelector> ports) {}

  public record PortSelector(Integer number, String name) {}

  /** A Policy or MeshPolicy of {@code authentication.istio.io/v1alpha1}, the only version that API had. */
  public static boolean isLegacy(Resource r) {
    return ("Policy".equals(r.kind()) || "MeshPolicy".equals(r.kind())) && IstioApis.LEGACY_VERSION.equals(r.apiVersion());
  }

  public static LegacyPolicy of(Resource r) {
    YMapping spec = r.node().mapping("spec");
    List<Target> targets = new ArrayList<>();
    MtlsMode mode = MtlsMode.DISABLE;
    if (spec != null) {
      YSequence ts = spec.sequence("targets");
      if (ts != null) {
        for (YNode t : ts.items()) {
          if (t instanceof YMapping tm && tm.string("name") != null) {
            List<PortSelector> ports = new ArrayList<>();
            YSequence ps = tm.sequence("ports");
            if (ps != null) {
              for (YNode p : ps.items()) {
                if (p instanceof YMapping pm) {
                  ports.add(new PortSelector(Ports.number(pm.get("number")), pm.string("name")));
                }
              }
            }
            targets.add(new Target(tm.string("name"), List.copyOf(ports)));
          }
        }
      }
      YSequence peers = spec.sequence("peers");
      if (peers != null) {
        for (YNode p : peers.items()) {
          if (p instanceof YMapping pm && pm.entry("mtls") != null) {
            YMapping mtls = pm.mapping("mtls");
            String m = mtls == null ? null : mtls.string("mode");
            mode = "PERMISSIVE".equalsIgnoreCase(m) ? MtlsMode.PERMISSIVE : MtlsMode.STRICT;
          }
        }
      }
    }
    return new LegacyPolicy(r, "MeshPolicy".equals(r.kind()), List.copyOf(targets), mode);
  }

  /** {@code MeshPolicy default} or {@code Policy ns/name}. */
  public String display() {
    return meshPolicy ? "MeshPolicy " + resource.name() : resource.display();
  }
}
