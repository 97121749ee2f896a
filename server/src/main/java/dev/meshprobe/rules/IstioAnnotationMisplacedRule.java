package dev.meshprobe.rules;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Istio's injector reads pod-level annotations and labels from the pod it admits, which carries the
 * pod template's metadata, never the controller's own metadata. A copy of a key the pod template
 * already sets to the same value changes nothing and only misleads: it is reported one level milder,
 * and its fix removes the copy instead of moving it.
 */
@RuleInfo(
    id = "istio-annotation-misplaced",
    severity = Severity.WARNING,
    summary = "An Istio pod annotation or label sits on the workload's own metadata, where Istio never reads it.",
    href = "https://istio.io/latest/docs/reference/config/annotations/")
public final class IstioAnnotationMisplacedRule extends Rule {
  @Override
  public void checkWorkload(Workload w, MeshModel mesh, Consumer<Finding> sink) {
    Resource r = w.resource();
    if (w.kind().isPod() || r.metadata() == null) {
      return;
    }
    String templatePath = String.join(".", w.kind().templatePath()) + ".metadata";
    YMapping podMetadata = w.pod().metadata();
    report(w, r.metadata().mapping("annotations"), podMetadata == null ? null : podMetadata.mapping("annotations"), "annotation",
        templatePath + ".annotations", sink);
    report(w, r.metadata().mapping("labels"), podMetadata == null ? null : podMetadata.mapping("labels"), "label",
        templatePath + ".labels", sink);
  }

  private void report(Workload w, YMapping m, YMapping onTemplate, String what, String target, Consumer<Finding> sink) {
    if (m == null) {
      return;
    }
    for (YEntry e : m.entries()) {
      String key = e.keyText();
      if (key == null || !isPodLevelIstioKey(key)) {
        continue;
      }
      YEntry same = onTemplate == null ? null : onTemplate.entry(key);
      if (same != null && same.value() != null && e.value() != null && Objects.equals(same.value().text(), e.value().text())) {
        sink.accept(finding(w.resource().ref(e.key()),
            "Misleading copy of the " + what + " " + key + ": Istio reads it only on the pod template, which has the same value.")
            .about(w.resource())
            .related(w.resource().ref(same.key()), "The pod template sets " + key + ": \"" + same.value().text() + "\", the value Istio reads")
            .milder()
            .build());
        continue;
      }
      sink.accept(finding(w.resource().ref(e.key()),
          "Istio ignores the " + what + " " + key + " here: it reads it only on the pod template (" + target + ").")
          .about(w.resource()).build());
    }
  }

  /** Keys of the sidecar.istio.io family (traffic., status., readiness.status. ...) and the injection templates. */
  static boolean isPodLevelIstioKey(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String domain = key.substring(0, slash);
    return domain.equals("sidecar.istio.io") || domain.endsWith(".sidecar.istio.io") || key.equals("inject.istio.io/templates");
  }
}
