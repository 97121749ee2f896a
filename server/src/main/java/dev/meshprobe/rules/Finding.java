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
 * @param contexts the deployment contexts (DESIGN §9) that give this finding, by name ({@code overlays/prod}); empty for a
 *     finding of plain files
 */
public record Finding(
    String rule, Severity severity, String message, SourceRef where, List<Related> related, List<String> notes, Subject subject,
    String href, boolean assumed, List<String> contexts) {

  public Finding {
    related = List.copyOf(related);
    notes = List.copyOf(notes);
    contexts = List.copyOf(contexts);
  }

  public Finding(String rule, Severity severity, String message, SourceRef where, List<Related> related, List<String> notes,
      Subject subject, String href, boolean assumed) {
    this(rule, severity, message, where, related, notes, subject, href, assumed, List.of());
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
    return new Finding(rule, s, message, where, related, notes, subject, href, assumed, contexts);
  }

  /**
   * The same finding at another place, with other facts, given by {@code contexts}; {@code phrase}, when
   * not null, names them at the end of the message ("..., in overlays prod and qa."), for a file that
   * more than one context uses.
   */
  public Finding inContexts(SourceRef at, List<Related> facts, List<String> contexts, String phrase) {
    String m = message;
    if (phrase != null) {
      String head = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
      m = Messages.fitWithTail(head, ", " + phrase + ".");
    }
    return new Finding(rule, severity, m, at, facts, notes, subject, href, assumed, contexts);
  }
}
