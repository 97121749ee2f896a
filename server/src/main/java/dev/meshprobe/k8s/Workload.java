package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;

/** A resource that creates pods, with its pod template found through {@link WorkloadKind}. */
public final class Workload {
  private final Resource resource;
  private final WorkloadKind kind;
  private final PodTemplate pod;

  private Workload(Resource resource, WorkloadKind kind, YMapping template) {
    this.resource = resource;
    this.kind = kind;
    this.pod = new PodTemplate(this, template);
  }

  /** The workload this resource is, or null when it is not one or its template is missing. */
  public static Workload of(Resource r) {
    WorkloadKind kind = WorkloadKind.of(r);
    if (kind == null) {
      return null;
    }
    YNode n = r.node();
    for (String key : kind.templatePath()) {
      n = n instanceof YMapping m ? m.get(key) : null;
    }
    return n instanceof YMapping template ? new Workload(r, kind, template) : null;
  }

  public Resource resource() {
    return resource;
  }

  public WorkloadKind kind() {
    return kind;
  }

  public PodTemplate pod() {
    return pod;
  }

  public String namespace() {
    return resource.namespace();
  }

  /** {@code Deployment shop/web}. */
  public String display() {
    return resource.display();
  }
}
