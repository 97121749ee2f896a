package dev.meshprobe.rules;

import java.util.List;
import java.util.Map;

/**
 * What DESIGN §2 asks of every message, made testable: one plain sentence of at most {@value
 * Messages#MAX} characters, in the form "what goes wrong: why", whose reason (the text after the first
 * colon) starts within the first {@value Messages#REASON_BY} characters and holds, there, the deciding
 * words of its rule. Related information and notes are one plain line each.
 */
public final class MessageShape {
  /** Per rule, the words one of which says the deciding reason; each must start within the first 100 characters. */
  static final Map<String, List<String>> REASONS = Map.ofEntries(
      Map.entry("probe-blocked-by-strict-mtls", List.of("requires STRICT mTLS")),
      Map.entry("probe-would-fail-under-strict-mtls", List.of("is PERMISSIVE now", "is DISABLE now", "is UNSET now", "it sets STRICT mTLS")),
      Map.entry("tcp-probe-always-succeeds", List.of("accepts every connection")),
      Map.entry("probe-host-breaks-rewrite", List.of("with host")),
      Map.entry("probe-port-unresolved", List.of("declares no port named")),
      Map.entry("istio-annotation-misplaced", List.of("reads it only on the pod template")),
      Map.entry("istio-annotation-invalid", List.of("is not a boolean")),
      Map.entry("status-port-disabled-with-rewrite", List.of("turns off the agent port")),
      Map.entry("legacy-mtls-policy-ignored", List.of("ignores authentication.istio.io/v1alpha1")),
      Map.entry("peer-authentication-conflict", List.of("only the oldest")),
      Map.entry("port-level-mtls-without-selector", List.of("has no workload selector")),
      Map.entry("yaml-syntax-error", List.of("Not valid YAML: ")),
      Map.entry("yaml-duplicate-key", List.of(" appears ")),
      Map.entry("file-not-analysed", List.of("not analysed: ")),
      Map.entry("suppression-unused", List.of("silences nothing")),
      Map.entry("configuration-invalid", List.of("Setting not used: ")),
      Map.entry("resource-defined-twice", List.of("only one definition can be in force")),
      Map.entry("istio-resource-unknown", List.of("is never in force: ")));

  private MessageShape() {}

  /** What is wrong with a finding's message and facts, or null. */
  public static String problem(Finding f) {
    String m = f.message();
    if (m.length() > Messages.MAX) {
      return "longer than " + Messages.MAX + " characters (" + m.length() + ")";
    }
    if (m.contains("`") || m.contains("\n")) {
      return "not one plain line";
    }
    if (!m.endsWith(".") && !m.endsWith("…")) {
      return "not a sentence";
    }
    int colon = m.indexOf(": ");
    if (colon < 0 || colon + 2 >= Messages.REASON_BY) {
      return "the reason does not start within the first " + Messages.REASON_BY + " characters";
    }
    List<String> words = REASONS.get(f.rule());
    if (words == null) {
      return "no reason words for rule " + f.rule();
    }
    boolean said = false;
    for (String w : words) {
      int at = m.indexOf(w);
      said |= at >= 0 && at < Messages.REASON_BY;
    }
    if (!said) {
      return "none of " + words + " within the first " + Messages.REASON_BY + " characters";
    }
    for (Finding.Related r : f.related()) {
      if (r.message().contains("`") || r.message().contains("\n") || r.message().isBlank()) {
        return "related information not one plain line: " + r.message();
      }
    }
    for (String note : f.notes()) {
      if (note.contains("`") || note.contains("\n") || note.isBlank()) {
        return "note not one plain line: " + note;
      }
    }
    return null;
  }
}
