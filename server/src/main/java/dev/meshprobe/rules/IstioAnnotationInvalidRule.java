package dev.meshprobe.rules;

import dev.meshprobe.k8s.TemplateParameters;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.GoBool;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.List;
import java.util.function.Consumer;

/**
 * Istio reads its boolean pod annotations with Go's {@code strconv.ParseBool}; a value it cannot parse
 * is dropped without a word and the default applies.
 */
@RuleInfo(
    id = "istio-annotation-invalid",
    severity = Severity.WARNING,
    summary = "A boolean Istio annotation has a value Istio cannot parse, so Istio silently uses the default.",
    href = "https://istio.io/latest/docs/reference/config/annotations/")
public final class IstioAnnotationInvalidRule extends Rule {
  /** Pod annotations Istio parses as Go booleans. */
  static final List<String> BOOLEAN_ANNOTATIONS = List.of("sidecar.istio.io/rewriteAppHTTPProbers", "sidecar.istio.io/enableCoreDump");

  @Override
  public void checkWorkload(Workload w, MeshModel mesh, Consumer<Finding> sink) {
    YMapping annotations = w.pod().annotationsNode();
    if (annotations == null) {
      return;
    }
    for (String key : BOOLEAN_ANNOTATIONS) {
      YEntry e = annotations.entry(key);
      if (e == null) {
        continue;
      }
      String value = e.value() == null || e.value().text() == null ? "" : e.value().text();
      // A template parameter (${REWRITE}) is filled in later: its value is unknown, not wrong.
      if (GoBool.parse(value) == null && !TemplateParameters.holdsParameter(value)) {
        String shown = value.length() > 24 ? value.substring(0, 23) + "…" : value;
        sink.accept(finding(w.resource().ref(e.key()),
            "Istio ignores " + key + ": \"" + shown + "\" is not a boolean Go can parse, so the default applies; use \"true\" or \"false\".")
            .about(w.resource()).build());
      }
    }
  }
}
