package dev.meshprobe.mesh;

import dev.meshprobe.k8s.Labels;
import dev.meshprobe.k8s.Ports;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code security.istio.io} PeerAuthentication (v1beta1 or v1). {@code selector} is null when the
 * policy has no workload selector; {@code portLevel} maps container ports to modes.
 */
public record PeerAuthenticationPolicy(
    Resource resource, Map<String, String> selector, MtlsMode mode, YNode modeNode,
    Map<Integer, MtlsMode> portLevel, YEntry portLevelEntry) {

  public enum Scope { MESH, NAMESPACE, WORKLOAD }

  public static boolean isPeerAuthentication(Resource r) {
    return "PeerAuthentication".equals(r.kind()) && "security.istio.io".equals(r.group());
  }

  public static PeerAuthenticationPolicy of(Resource r) {
    YMapping spec = r.node().mapping("spec");
    Map<String, String> selector = null;
    MtlsMode mode = MtlsMode.UNSET;
    YNode modeNode = null;
    Map<Integer, MtlsMode> portLevel = new LinkedHashMap<>();
    YEntry portLevelEntry = null;
    if (spec != null) {
      YMapping sel = spec.mapping("selector");
      if (sel != null) {
        // An empty matchLabels selects every workload of the namespace, like no selector at all.
        Map<String, String> labels = Labels.of(sel.mapping("matchLabels"));
        selector = labels.isEmpty() ? null : labels;
      }
      YMapping mtls = spec.mapping("mtls");
      if (mtls != null) {
        modeNode = mtls.get("mode");
        mode = MtlsMode.parse(mtls.string("mode"));
      }
      portLevelEntry = spec.entry("portLevelMtls");
      if (portLevelEntry != null && portLevelEntry.value() instanceof YMapping ports) {
        for (YEntry e : ports.entries()) {
          Integer port = Ports.number(e.key());
          if (port != null) {
            YMapping m = e.value() == null ? null : e.value().asMapping();
            portLevel.put(port, MtlsMode.parse(m == null ? null : m.string("mode")));
          }
        }
      }
    }
    return new PeerAuthenticationPolicy(r, selector, mode, modeNode, Map.copyOf(portLevel), portLevelEntry);
  }

  public Scope scope(String rootNamespace) {
    if (selector != null) {
      return Scope.WORKLOAD;
    }
    return inRootNamespace(rootNamespace) ? Scope.MESH : Scope.NAMESPACE;
  }

  /**
   * True when the policy is in the root namespace. A namespace-less policy is not: its namespace is
   * only assumed, and the root namespace is where a mesh-wide policy is put on purpose.
   */
  public boolean inRootNamespace(String rootNamespace) {
    return rootNamespace.equals(resource.namespace()) && !resource.namespaceAssumed();
  }

  public String namespace() {
    return resource.namespace();
  }

  /** {@code PeerAuthentication ns/name}, or {@code PeerAuthentication name (no namespace)}. */
  public String display() {
    return resource.display();
  }

  /** {@code ns/name}, or {@code name (no namespace)}. */
  public String qualifiedName() {
    return resource.qualifiedName();
  }
}
