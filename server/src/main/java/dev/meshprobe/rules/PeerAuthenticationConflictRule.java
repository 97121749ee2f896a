package dev.meshprobe.rules;

import dev.meshprobe.k8s.Labels;
import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.TemplateParameters;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.IstioApis;
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
 * force cannot be told from them. Policies compete only where the files say they share a namespace
 * (DESIGN §1): namespace-less ones only within one folder, and in one deployment context.
 */
@RuleInfo(
    id = "peer-authentication-conflict",
    severity = Severity.WARNING,
    summary = "Several PeerAuthentications compete for the same scope and Istio applies only the oldest.",
    href = "https://istio.io/latest/docs/concepts/security/#authentication-policies")
public final class PeerAuthenticationConflictRule extends Rule {
  @Override
  public void checkWorkspace(MeshModel mesh, Consumer<Finding> sink) {
    String root = mesh.rootNamespace();
    List<PeerAuthenticationPolicy> served = new ArrayList<>();
    for (PeerAuthenticationPolicy pa : mesh.index().peerAuthentications()) {
      if (IstioApis.unserved(pa.resource(), mesh.version()) == null) {
        served.add(pa);
      }
    }
    Map<String, List<PeerAuthenticationPolicy>> byNamespace = new LinkedHashMap<>();
    for (PeerAuthenticationPolicy pa : served) {
      if (pa.selector() == null) {
        byNamespace.computeIfAbsent(namespaceKey(pa), k -> new ArrayList<>()).add(pa);
      }
    }
    for (List<PeerAuthenticationPolicy> list : byNamespace.values()) {
      PeerAuthenticationPolicy first = list.get(0);
      String scope = first.inRootNamespace(root) ? "mesh-wide" : "namespace-wide";
      report(distinct(list), "the oldest " + scope + " one", sink);
    }
    Map<String, List<PeerAuthenticationPolicy>> selectorPolicies = new LinkedHashMap<>();
    for (PeerAuthenticationPolicy pa : served) {
      if (pa.selector() != null && !pa.inRootNamespace(root)) {
        selectorPolicies.computeIfAbsent(namespaceKey(pa), k -> new ArrayList<>()).add(pa);
      }
    }
    selectorPolicies.values().removeIf(list -> distinct(list).size() < 2);
    if (selectorPolicies.isEmpty()) {
      return;
    }
    // Only the workloads of namespaces with two or more selector policies are looked at. A set holds
    // policies of one namespace, so going namespace by namespace names each set by the same workload.
    Set<List<PeerAuthenticationPolicy>> seen = new LinkedHashSet<>();
    for (List<PeerAuthenticationPolicy> candidates : selectorPolicies.values()) {
      for (Workload w : mesh.index().workloads(candidates.get(0).namespace())) {
        List<PeerAuthenticationPolicy> selecting = new ArrayList<>();
        for (PeerAuthenticationPolicy pa : candidates) {
          if (pa.resource().reachesNamespaceOf(w.resource()) && Labels.selects(pa.selector(), w.pod().labels())) {
            selecting.add(pa);
          }
        }
        List<PeerAuthenticationPolicy> set = distinct(selecting);
        if (set.size() > 1 && seen.add(set)) {
          report(set, "the oldest one selecting " + w.resource().name(), sink);
        }
      }
    }
  }

  /** The namespace a policy is in, as far as the files tell: its name and context, and for an assumed one its folder. */
  private static String namespaceKey(PeerAuthenticationPolicy pa) {
    return pa.namespace() + "\u0000" + pa.resource().namespaceSource().key();
  }

  /**
   * One policy per object: the same object defined in two files is not a conflict (resource-defined-twice
   * says so). A policy whose name or namespace is a parameter filled in later may be any of the others,
   * or none: it is left out rather than taken to compete.
   */
  private static List<PeerAuthenticationPolicy> distinct(List<PeerAuthenticationPolicy> policies) {
    Map<ObjectIdentity, PeerAuthenticationPolicy> byIdentity = new LinkedHashMap<>();
    for (PeerAuthenticationPolicy pa : policies) {
      ObjectIdentity id = ObjectIdentity.of(pa.resource());
      if (id == null && hasParameter(pa)) {
        continue;
      }
      byIdentity.putIfAbsent(id == null ? new ObjectIdentity(null, "", "", "", null, "#" + byIdentity.size()) : id, pa);
    }
    return List.copyOf(byIdentity.values());
  }

  private static boolean hasParameter(PeerAuthenticationPolicy pa) {
    var md = pa.resource().metadata();
    return md != null && (TemplateParameters.holdsParameter(md.string("name")) || TemplateParameters.holdsParameter(md.string("namespace")));
  }

  private void report(List<PeerAuthenticationPolicy> set, String which, Consumer<Finding> sink) {
    if (set.size() < 2) {
      return;
    }
    for (PeerAuthenticationPolicy pa : set) {
      List<PeerAuthenticationPolicy> others = new ArrayList<>(set);
      others.remove(pa);
      boolean assumed = pa.resource().namespaceAssumed();
      // Policies of one set share their namespace: the first is named with it, the others by name.
      String with = others.get(0).resource().name() + (others.size() > 1 ? " and " + (others.size() - 1) + " more" : "");
      FindingBuilder b = finding(pa.resource().nameRef(),
          pa.display() + " competes with " + with + ": only " + which + " is in force, and no file shows which.")
          .about(pa.resource());
      for (PeerAuthenticationPolicy o : others) {
        b.related(o.resource().nameRef(), "Also in force for the same scope: " + o.display());
      }
      if (assumed) {
        b.related(FindingBuilder.namespaceRef(pa.resource()), Messages.namespaceAssumed(pa.namespace(), false)).assumed(true);
      }
      sink.accept(b.build());
    }
  }
}
