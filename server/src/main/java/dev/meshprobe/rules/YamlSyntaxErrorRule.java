package dev.meshprobe.rules;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlProblem;
import java.util.function.Consumer;

/** A document that does not parse; the other documents of the file are still checked. */
@RuleInfo(
    id = "yaml-syntax-error",
    severity = Severity.ERROR,
    summary = "This YAML document does not parse, so its resources are not analysed.",
    href = "https://yaml.org/spec/1.2.2/")
public final class YamlSyntaxErrorRule extends Rule {
  @Override
  public void checkDocument(String file, Anchor anchor, YamlDocument document, Consumer<Finding> sink) {
    for (YamlProblem p : document.problems()) {
      if (p.kind() == YamlProblem.Kind.SYNTAX) {
        sink.accept(finding(new SourceRef(file, anchor, p.start(), p.end()),
            "Not valid YAML: " + lowerFirst(p.message())).build());
      }
    }
  }

  private static String lowerFirst(String s) {
    // Keep an acronym or a quoted token as it is.
    return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1)) && !Character.isDigit(s.charAt(1))
        && s.charAt(1) != '+' ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
  }
}
