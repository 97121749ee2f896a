package dev.meshprobe.rules;

import dev.meshprobe.k8s.SourceRef;

/**
 * A suppression (comment, annotation or configuration entry) that silences nothing: left behind after
 * a fix, or placed on the wrong line, it would hide a future finding nobody meant to hide.
 */
@RuleInfo(
    id = "suppression-unused",
    severity = Severity.HINT,
    summary = "This suppression matches no finding and can be removed.",
    href = "https://yaml.org/spec/1.2.2/")
public final class SuppressionUnusedRule extends Rule {
  /** The finding for a suppression of {@code ruleId} at {@code where} that matched nothing. */
  public Finding unused(SourceRef where, String ruleId, String form) {
    String where2 = form.contains("annotation") ? "in this workload; remove the id" : "on this line or the next; remove or move it";
    return finding(where, "This " + form + " silences nothing: no " + ruleId + " finding " + where2 + ".").build();
  }
}
