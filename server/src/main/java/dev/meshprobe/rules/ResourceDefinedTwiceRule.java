package dev.meshprobe.rules;

import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.PathLabels;
import dev.meshprobe.mesh.IstioApis;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.MeshModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two definitions of one object (same API group, kind, namespace and name) in one deployment context
 * are alternatives: the API server stores one object, so only the last one applied is in force, and
 * which that is depends on how the repository is applied. Verdicts that depend on it are decided for
 * each definition (DESIGN §9); this rule says that there is a choice, and only where the choice changes
 * the verdict on something else: Namespaces, IstioOperators and Istio's injector and mesh ConfigMaps,
 * and, where the target Istio decides with them, PeerAuthentications (from 1.5), legacy Policy and
 * MeshPolicy (up to 1.5) and Services (up to 1.6: the management listeners of ports no Service targets,
 * and legacy Policy targets). Copies that say the same decide alike and are not reported either. Two
 * definitions of one Deployment are each linted on their own probes, so they are not reported. Two namespace-less definitions are one object only when they are in one folder or one is
 * below the other's folder (they may be applied to one namespace), and a name that is a parameter filled
 * in later ({@code ${APPLICATION_NAME}}) is no known name.
 */
@RuleInfo(
    id = "resource-defined-twice",
    severity = Severity.INFO,
    summary = "Two files define the same mesh policy, Namespace or Istio setting, so only one of them can be applied; verdicts are decided for each.",
    href = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/")
public final class ResourceDefinedTwiceRule extends Rule {
  @Override
  public void checkWorkspace(MeshModel mesh, Consumer<Finding> sink) {
    for (List<MeshIndex.Definition> group : mesh.index().definedTwice()) {
      report(mesh, group, null, sink);
    }
  }

  @Override
  public boolean answersPerFile() {
    return true;
  }

  @Override
  public void checkWorkspace(MeshModel mesh, String file, Consumer<Finding> sink) {
    for (List<MeshIndex.Definition> group : mesh.index().definedTwiceIn(file)) {
      report(mesh, group, file, sink);
    }
  }

  /**
   * Whether objects of this kind decide a verdict at the target Istio version: Services only up to 1.6
   * (management listeners, legacy Policy targets), legacy {@code authentication.istio.io} Policy and
   * MeshPolicy only up to 1.5 (1.6 ignores them: legacy-mtls-policy-ignored), PeerAuthentications only
   * from 1.5 (before, the API server has none). Elsewhere which definition is applied changes nothing.
   */
  private static boolean decidesAt(ObjectIdentity id, IstioVersion v) {
    return switch (id.kind()) {
      case "Service" -> v.atMost(6);
      case "Policy", "MeshPolicy" -> !id.group().equals(IstioApis.AUTHENTICATION) || v.atMost(5);
      case "PeerAuthentication" -> v.atLeast(5);
      default -> true;
    };
  }

  /**
   * The findings of one object's definitions: those in {@code file}, or every one when it is null; none
   * when the choice decides nothing at the target version or every definition says the same.
   */
  private void report(MeshModel mesh, List<MeshIndex.Definition> group, String file, Consumer<Finding> sink) {
    if (!decidesAt(group.get(0).identity(), mesh.version())) {
      return;
    }
    if (group.stream().mapToLong(MeshIndex.Definition::content).distinct().count() == 1) {
      // Copies that say the same (a lesson's Service repeated in every lesson): whichever is applied decides alike.
      return;
    }
    List<String> files = new ArrayList<>(group.size());
    group.forEach(d -> files.add(d.file()));
    List<String> labels = PathLabels.distinguishing(files);
    List<String> heads = new ArrayList<>(group.size());
    List<String> suffixes = new ArrayList<>(group.size());
    boolean fit = true;
    for (int i = 0; i < group.size(); i++) {
      MeshIndex.Definition d = group.get(i);
      int j = i == 0 ? 1 : 0;
      String where = group.get(j).file().equals(d.file()) ? "this file" : labels.get(j);
      String head = d.display() + " is defined " + (group.size() == 2 ? "twice" : group.size() + " times")
          + ": only one definition can be in force";
      String suffix = " (also in " + (group.size() == 2 ? where : where + " and " + (group.size() - 2) + " more") + ")";
      heads.add(head);
      suffixes.add(suffix);
      fit &= head.length() + suffix.length() + 1 <= Messages.MAX;
    }
    // One related line per definition, shared by the findings of the group: a workspace that defines
    // objects many times over must not hold a line per pair.
    List<Finding.Related> here = new ArrayList<>(group.size());
    for (MeshIndex.Definition d : group) {
      here.add(FindingBuilder.relatedAt(d.nameRef(), "Also defined here: " + d.display()));
    }
    for (int i = 0; i < group.size(); i++) {
      MeshIndex.Definition d = group.get(i);
      if (file != null && !file.equals(d.file())) {
        continue;
      }
      // Every finding of a group says where the others are, or none does: the related information lists them all.
      FindingBuilder b = finding(d.nameRef(), heads.get(i) + (fit ? suffixes.get(i) : "") + ".")
          .about(d.apiVersion(), d.identity().kind(), d.namespace(), d.identity().name());
      for (int k = 0; k < group.size(); k++) {
        if (k != i) {
          b.related(here.get(k));
        }
      }
      sink.accept(b.build());
    }
  }
}
