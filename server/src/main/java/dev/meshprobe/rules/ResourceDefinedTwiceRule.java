package dev.meshprobe.rules;

import dev.meshprobe.k8s.PathLabels;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.MeshModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two definitions of one object (same API group, kind, namespace and name) in one deployment context
 * are alternatives: the API server stores one object, so only the last one applied is in force, and
 * which that is depends on how the repository is applied. Verdicts that depend on it are decided for
 * each definition (DESIGN §9); this rule says that there is a choice. Only the kinds Meshprobe reads
 * are listed (workloads, Namespaces, Services, PeerAuthentications, legacy policies, IstioOperators and
 * Istio's ConfigMaps); two namespace-less definitions are one object only when they are in one folder
 * or one is below the other's folder (they may be applied to one namespace).
 */
@RuleInfo(
    id = "resource-defined-twice",
    severity = Severity.INFO,
    summary = "Two files define the same object, so only one of them can be applied; verdicts are decided for each.",
    href = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/")
public final class ResourceDefinedTwiceRule extends Rule {
  @Override
  public void checkWorkspace(MeshModel mesh, Consumer<Finding> sink) {
    for (List<MeshIndex.Definition> group : mesh.index().definedTwice()) {
      report(group, null, sink);
    }
  }

  @Override
  public boolean answersPerFile() {
    return true;
  }

  @Override
  public void checkWorkspace(MeshModel mesh, String file, Consumer<Finding> sink) {
    for (List<MeshIndex.Definition> group : mesh.index().definedTwiceIn(file)) {
      report(group, file, sink);
    }
  }

  /** The findings of one object's definitions: those in {@code file}, or every one when it is null. */
  private void report(List<MeshIndex.Definition> group, String file, Consumer<Finding> sink) {
    List<String> files = new ArrayList<>(group.size());
    group.forEach(d -> files.add(d.file()));
    List<String> labels = PathLabels.distinguishing(files);
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
      int j = i == 0 ? 1 : 0;
      MeshIndex.Definition other = group.get(j);
      String where = other.file().equals(d.file()) ? "this file" : labels.get(j);
      String also = group.size() == 2 ? where : where + " and " + (group.size() - 2) + " more";
      FindingBuilder b = finding(d.nameRef(), d.display() + " is defined " + (group.size() == 2 ? "twice" : group.size() + " times")
          + ": only one definition can be in force (also in " + also + ").")
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
