package dev.meshprobe.rules;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlProblem;
import java.util.function.Consumer;

/** Kubernetes' YAML decoder keeps the last of repeated keys and drops the others without a word. */
@RuleInfo(
    id = "yaml-duplicate-key",
    severity = Severity.WARNING,
    summary = "A key is repeated in one mapping, so the object is rejected or one of the values is lost.",
    href = "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation")
public final class YamlDuplicateKeyRule extends Rule {
  @Override
  public void checkDocument(String file, Anchor anchor, YamlDocument document, Consumer<Finding> sink) {
    for (YamlProblem p : document.problems()) {
      if (p.kind() == YamlProblem.Kind.DUPLICATE_KEY) {
        sink.accept(finding(new SourceRef(file, anchor, p.start(), p.end()), p.message()).build());
      }
    }
  }
}
