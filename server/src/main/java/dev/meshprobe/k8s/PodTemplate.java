package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod a workload creates: the pod template's (or the Pod's own) metadata, where Istio reads its
 * labels and annotations, and spec, with the containers whose probes the kubelet runs.
 */
public final class PodTemplate {
  private final Workload workload;
  private final YMapping node;
  private final YMapping metadata;
  private final YMapping spec;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final List<Container> containers;
  private final boolean istioProxy;

  PodTemplate(Workload workload, YMapping node) {
    this.workload = workload;
    this.node = node;
    this.metadata = node.mapping("metadata");
    this.spec = node.mapping("spec");
    this.labels = Labels.of(metadata == null ? null : metadata.mapping("labels"));
    this.annotations = Labels.of(metadata == null ? null : metadata.mapping("annotations"));
    List<Container> list = new ArrayList<>();
    if (spec != null) {
      addContainers(list, spec.sequence("containers"), false);
      addContainers(list, spec.sequence("initContainers"), true);
    }
    this.containers = List.copyOf(list);
    this.istioProxy = spec != null && (namesIstioProxy(spec.sequence("containers")) || namesIstioProxy(spec.sequence("initContainers")));
  }

  private static boolean namesIstioProxy(YSequence seq) {
    if (seq != null) {
      for (YNode item : seq.items()) {
        if (item instanceof YMapping m && "istio-proxy".equals(m.string("name"))) {
          return true;
        }
      }
    }
    return false;
  }

  private void addContainers(List<Container> out, YSequence seq, boolean init) {
    if (seq == null) {
      return;
    }
    for (YNode item : seq.items()) {
      if (item instanceof YMapping m) {
        // Only init containers that keep running (native sidecars, Kubernetes 1.28+) have probes the
        // kubelet runs; plain init containers may not declare probes at all.
        if (!init || "Always".equals(m.string("restartPolicy"))) {
          out.add(new Container(this, m, init));
        }
      }
    }
  }

  public Workload workload() {
    return workload;
  }

  /** The template mapping (with {@code metadata} and {@code spec}); for a Pod, the object itself. */
  public YMapping node() {
    return node;
  }

  /** The pod metadata mapping, or null when the template has none. */
  public YMapping metadata() {
    return metadata;
  }

  public YMapping spec() {
    return spec;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  /** The mapping of pod annotations, or null. */
  public YMapping annotationsNode() {
    return metadata == null ? null : metadata.mapping("annotations");
  }

  /** The mapping of pod labels, or null. */
  public YMapping labelsNode() {
    return metadata == null ? null : metadata.mapping("labels");
  }

  public List<Container> containers() {
    return containers;
  }

  public boolean hostNetwork() {
    String v = spec == null ? null : spec.string("hostNetwork");
    return v != null && (v.equals("true") || v.equals("True") || v.equals("TRUE"));
  }

  /**
   * True when the pod spec already contains the Istio sidecar (pre-injected output). Decided once, with
   * the template: every probe of the pod asks, and a pod may have thousands of containers.
   */
  public boolean hasIstioProxy() {
    return istioProxy;
  }
}
