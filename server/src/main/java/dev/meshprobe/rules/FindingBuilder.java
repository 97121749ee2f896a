package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.Fact;
import dev.meshprobe.mesh.ProbeVerdict;
import dev.meshprobe.yaml.YEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a {@link Finding}: where, what, the facts behind it and what it is about. Seen facts
 * become related information at their locations, one line each; facts with no location become notes;
 * an assumption is said once, as related information on the object it concerns.
 */
public final class FindingBuilder {
  private final Rule rule;
  private final SourceRef where;
  private final String message;
  private final List<Finding.Related> related = new ArrayList<>();
  private final java.util.Set<Finding.Related> relatedSeen = new java.util.HashSet<>();
  private final List<String> notes = new ArrayList<>();
  private Finding.Subject subject = Finding.Subject.NONE;
  private boolean assumed;

  FindingBuilder(Rule rule, SourceRef where, String message) {
    this.rule = rule;
    this.where = where;
    this.message = Messages.fit(message);
    this.assumed = false;
  }

  public FindingBuilder related(SourceRef ref, String statement) {
    return ref == null ? this : related(new Finding.Related(ref, Messages.sentence(statement)));
  }

  /**
   * Adds related information made once for many findings (a workspace rule that points each member of a
   * group at the others keeps one object per member, not one per pair).
   */
  public FindingBuilder related(Finding.Related r) {
    if (r.where() != null && !r.where().equals(where) && relatedSeen.add(r)) {
      related.add(r);
    }
    return this;
  }

  /** Related information as this builder words it: one sentence at {@code ref}. */
  static Finding.Related relatedAt(SourceRef ref, String statement) {
    return new Finding.Related(ref, Messages.sentence(statement));
  }

  /** Adds a line with no place in the workspace (a tool's output), as plain text. */
  public FindingBuilder note(String line) {
    String n = line.replace("`", "'").strip();
    if (!n.isEmpty() && !notes.contains(n)) {
      notes.add(n);
    }
    return this;
  }

  /** Adds the facts: those seen in the workspace as related information, the others as notes. */
  public FindingBuilder facts(List<? extends Fact<?>> facts) {
    for (Fact<?> f : facts) {
      if (f == null) {
        continue;
      }
      if (f.where() != null) {
        related(f.where(), f.statement());
      } else if (!f.isAssumed()) {
        String note = Messages.sentence(f.statement());
        if (!notes.contains(note)) {
          notes.add(note);
        }
      }
    }
    return this;
  }

  /**
   * Adds the facts of a probe's verdict and says once, on the workload, what they assume: the sidecar
   * (its namespace is not in the workspace) and, when {@code mtlsDecides}, the namespace a namespace-less
   * policy was taken to share with it. The finding is reported one level milder when it rests on either.
   */
  public FindingBuilder verdict(ProbeVerdict v, boolean mtlsDecides) {
    List<Fact<?>> chain = new ArrayList<>(v.chain());
    if (v.mtls() != null) {
      if (!mtlsDecides) {
        chain.removeAll(v.mtls().layers());
        chain.remove(v.mtls().managementListener());
        if (v.mtls().setAside() != null) {
          chain.remove(v.mtls().setAside().fact());
        }
      } else {
        // A default or configured layer that a policy overrode decided nothing; policies stay, to be found.
        chain.removeIf(f -> v.mtls().layers().contains(f) && f.where() == null && f != v.mtls().mode());
      }
    }
    facts(chain);
    return assumptions(v.probe().container().pod().workload(), v.sidecar(), mtlsDecides && v.mtlsAssumed());
  }

  /** Says once, on the workload, what the finding assumes, and marks it for the one-level downgrade. */
  public FindingBuilder assumptions(Workload w, Fact<Boolean> sidecar, boolean namespaceDecides) {
    Resource r = w.resource();
    boolean sidecarAssumed = sidecar != null && sidecar.isAssumed();
    if (r.namespaceAssumed() && (sidecarAssumed || namespaceDecides)) {
      related(namespaceRef(r), Messages.namespaceAssumed(r.namespace(), sidecarAssumed));
    } else if (sidecarAssumed) {
      related(namespaceRef(r), sidecar.statement());
    }
    assumed |= sidecarAssumed || namespaceDecides;
    return this;
  }

  /** Where an object's namespace is, or would be: its {@code metadata.namespace} value, else its {@code metadata} key. */
  static SourceRef namespaceRef(Resource r) {
    YEntry ns = r.metadata() == null ? null : r.metadata().entry("namespace");
    if (ns != null && ns.value() != null) {
      return r.ref(ns.value());
    }
    YEntry metadata = r.node().entry("metadata");
    return metadata != null ? r.ref(metadata.key()) : r.nameRef();
  }

  public FindingBuilder about(Resource r) {
    subject = new Finding.Subject(r.apiVersion(), r.kind(), r.namespace(), r.name(), null, null);
    return this;
  }

  /** What the finding is about, for an object known by its identity only. */
  public FindingBuilder about(String apiVersion, String kind, String namespace, String name) {
    subject = new Finding.Subject(apiVersion, kind, namespace, name, null, null);
    return this;
  }

  public FindingBuilder about(Probe p) {
    Resource r = p.container().pod().workload().resource();
    subject = new Finding.Subject(r.apiVersion(), r.kind(), r.namespace(), r.name(), p.container().name(), p.type().key());
    return this;
  }

  /** Marks the verdict as resting on an assumption: reported one level milder. */
  public FindingBuilder assumed(boolean value) {
    this.assumed |= value;
    return this;
  }

  /**
   * Reports the finding one level milder than the rule's severity (configured or default), as for an
   * assumption: for a problem that changes nothing at runtime and only misleads.
   */
  public FindingBuilder milder() {
    this.assumed = true;
    return this;
  }

  public Finding build() {
    Severity s = assumed ? rule.defaultSeverity().milder() : rule.defaultSeverity();
    return new Finding(rule.id(), s, message, where, related, notes, subject, rule.href(), assumed);
  }
}
