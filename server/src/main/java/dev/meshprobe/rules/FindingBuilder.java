package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.mesh.Fact;
import java.util.ArrayList;
import java.util.List;

/** Assembles a {@link Finding}: where, what, the seen facts behind it and what it is about. */
public final class FindingBuilder {
  private final Rule rule;
  private final SourceRef where;
  private final String message;
  private final List<Finding.Related> related = new ArrayList<>();
  private Finding.Subject subject = Finding.Subject.NONE;
  private boolean assumed;

  FindingBuilder(Rule rule, SourceRef where, String message) {
    this.rule = rule;
    this.where = where;
    this.message = message;
  }

  public FindingBuilder related(SourceRef ref, String statement) {
    if (ref != null && !ref.equals(where)) {
      related.add(new Finding.Related(ref, statement));
    }
    return this;
  }

  /** Adds every fact that was seen in the workspace as related information. */
  public FindingBuilder facts(List<? extends Fact<?>> facts) {
    for (Fact<?> f : facts) {
      if (f != null && f.where() != null) {
        related(f.where(), f.statement());
      }
    }
    return this;
  }

  public FindingBuilder about(Resource r) {
    subject = new Finding.Subject(r.apiVersion(), r.kind(), r.namespace(), r.name(), null, null);
    return this;
  }

  public FindingBuilder about(Probe p) {
    Resource r = p.container().pod().workload().resource();
    subject = new Finding.Subject(r.apiVersion(), r.kind(), r.namespace(), r.name(), p.container().name(), p.type().key());
    return this;
  }

  /** Marks the verdict as resting on an assumed sidecar: reported one level milder. */
  public FindingBuilder assumed(boolean value) {
    this.assumed = value;
    return this;
  }

  public Finding build() {
    Severity s = assumed ? rule.defaultSeverity().milder() : rule.defaultSeverity();
    return new Finding(rule.id(), s, message, where, related, subject, rule.href(), assumed);
  }
}
