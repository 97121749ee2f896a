package dev.meshprobe.rules;

import dev.meshprobe.k8s.SourceRef;
import java.util.List;

/**
 * One problem found: the rule, its severity (after configuration and the assumption downgrade), a short
 * one-sentence message, where it starts (absolute offsets in {@code where.file()}), the facts that
 * decided it (seen facts at their locations, the others as notes), and what it is about.
 *
 * @param notes deciding facts that have no location in the workspace (configured, assumed, Istio's
 *     defaults), one plain sentence each
 * @param assumed the verdict rests on an assumption (a sidecar, a namespace), or the problem changes
 *     nothing at runtime (a misleading copy), so the severity was lowered one level
 */
public record Finding(
    String rule, Severity severity, String message, SourceRef where, List<Related> related, List<String> notes, Subject subject,
    String href, boolean assumed) {

  public Finding {
    related = List.copyOf(related);
    notes = List.copyOf(notes);
  }

  /** A location that decided the finding, with a plain sentence that says what it contributed. */
  public record Related(SourceRef where, String message) {}

  /**
   * What the finding is about: the resource (any part may be null for documents without one), and for
   * probe findings the container and the probe key.
   */
  public record Subject(String apiVersion, String kind, String namespace, String name, String container, String probe) {
    public static final Subject NONE = new Subject(null, null, null, null, null, null);
  }

  public Finding withSeverity(Severity s) {
    return new Finding(rule, s, message, where, related, notes, subject, href, assumed);
  }
}
