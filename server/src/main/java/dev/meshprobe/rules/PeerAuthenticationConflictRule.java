package dev.meshprobe.rules;

import dev.meshprobe.k8s.Labels;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.PeerAuthenticationPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Istio keeps only the oldest of several mesh-wide or namespace-wide PeerAuthentications, and of
 * several that select the same workload; creation order is not in the manifests, so which one is in
 * force cannot be told from them.
 */
@RuleInfo(
    id = "peer-authentication-conflict",
    severity = Severity.WARNING,
    summary = "Several PeerAuthentications compete for the same scope and Istio applies only the oldest.",
    href = "https://istio.io/latest/docs/concepts/security/#authentication-policies")
public final class PeerAuthenticationConflictRule extends Rule {
  @Override
  public void checkWorkspace(MeshModel mesh, Consumer<Finding> sink) {
    if (!mesh.version().atLeast(5)) {
      return;
    }
    String root = mesh.rootNamespace();
    Map<String, List<PeerAuthenticationPolicy>> byNamespace = new LinkedHashMap<>();
    for (PeerAuthenticationPolicy pa : mesh.index().peerAuthentications()) {
      if (pa.selector() == null) {
        byNamespace.computeIfAbsent(pa.namespace(), k -> new ArrayList<>()).add(pa);
      }
    }
    for (Map.Entry<String, List<PeerAuthenticationPolicy>> e : byNamespace.entrySet()) {
      String scope = e.getKey().equals(root)
          ? "mesh-wide PeerAuthentications in the root namespace `" + root + "`"
          : "namespace-wide PeerAuthentications in namespace `" + e.getKey() + "`";
      report(distinct(e.getValue()), scope, sink);
    }
    Map<String, List<PeerAuthenticationPolicy>> selectorPolicies = new LinkedHashMap<>();
    for (PeerAuthenticationPolicy pa : mesh.index().peerAuthentications()) {
      if (pa.selector() != null && !pa.namespace().equals(root)) {
        selectorPolicies.computeIfAbsent(pa.namespace(), k -> new ArrayList<>()).add(pa);
      }
    }
    selectorPolicies.values().removeIf(list -> list.size() < 2);
    if (selectorPolicies.isEmpty()) {
      return;
    }
    // Only the workloads of namespaces with two or more selector policies are looked at. A set holds
    // policies of one namespace, so going namespace by namespace names each set by the same workload.
    Set<List<PeerAuthenticationPolicy>> seen = new LinkedHashSet<>();
    for (Map.Entry<String, List<PeerAuthenticationPolicy>> e : selectorPolicies.entrySet()) {
      List<PeerAuthenticationPolicy> candidates = e.getValue();
      for (Workload w : mesh.index().workloads(e.getKey())) {
        List<PeerAuthenticationPolicy> selecting = new ArrayList<>();
        for (PeerAuthenticationPolicy pa : candidates) {
          if (Labels.selects(pa.selector(), w.pod().labels())) {
            selecting.add(pa);
          }
        }
        List<PeerAuthenticationPolicy> set = distinct(selecting);
        if (set.size() > 1 && seen.add(set)) {
          report(set, "PeerAuthentications that select the pods of " + w.display(), sink);
        }
      }
    }
  }

  /** One policy per namespace/name: the same object applied from two files is not a conflict. */
  private static List<PeerAuthenticationPolicy> distinct(List<PeerAuthenticationPolicy> policies) {
    Map<String, PeerAuthenticationPolicy> byName = new LinkedHashMap<>();
    for (PeerAuthenticationPolicy pa : policies) {
      byName.putIfAbsent(pa.qualifiedName(), pa);
    }
    return List.copyOf(byName.values());
  }

  private void report(List<PeerAuthenticationPolicy> set, String scope, Consumer<Finding> sink) {
    if (set.size() < 2) {
      return;
    }
    for (PeerAuthenticationPolicy pa : set) {
      List<String> others = new ArrayList<>();
      for (PeerAuthenticationPolicy o : set) {
        if (o != pa) {
          others.add(o.qualifiedName());
        }
      }
      FindingBuilder b = finding(pa.resource().nameRef(),
          "The " + pa.display() + " is one of " + set.size() + " " + scope + " (also " + String.join(", ", others)
              + "): Istio applies only the oldest, which the manifests cannot tell, so keep one.")
          .about(pa.resource());
      for (PeerAuthenticationPolicy o : set) {
        if (o != pa) {
          b.related(o.resource().nameRef(), "also " + o.display());
        }
      }
      sink.accept(b.build());
    }
  }
}
