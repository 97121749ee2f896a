package dev.meshprobe.rules;

import dev.meshprobe.k8s.SourceRef;

/** A bad key or value in {@code .meshprobe.yaml}: linting goes on with the default for it. */
@RuleInfo(
    id = "configuration-invalid",
    severity = Severity.WARNING,
    summary = "A key or value of .meshprobe.yaml that Meshprobe does not understand; the default is used instead.",
    href = "https://yaml.org/spec/1.2.2/")
public final class ConfigurationInvalidRule extends Rule {
  public Finding problem(SourceRef where, String message) {
    String m = message.endsWith(".") ? message : message + ".";
    return finding(where, "Setting not used: " + m).build();
  }
}
