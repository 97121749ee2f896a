package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * A container of a pod template: an app container, or an init container with {@code restartPolicy:
 * Always} (a native sidecar, whose probes the kubelet runs like an app container's).
 */
public final class Container {
  /** A declared port: {@code name} may be null. */
  public record Port(String name, int number, String protocol, YMapping node) {}

  private final PodTemplate pod;
  private final YMapping node;
  private final String name;
  private final boolean init;
  private final List<Port> ports;
  private final List<Probe> probes;

  Container(PodTemplate pod, YMapping node, boolean init) {
    this.pod = pod;
    this.node = node;
    this.name = node.string("name");
    this.init = init;
    this.ports = readPorts(node.sequence("ports"));
    List<Probe> list = new ArrayList<>();
    for (ProbeType t : ProbeType.values()) {
      var entry = node.entry(t.key());
      if (entry != null && entry.value() instanceof YMapping) {
        list.add(new Probe(this, t, entry));
      }
    }
    this.probes = List.copyOf(list);
  }

  private static List<Port> readPorts(YSequence seq) {
    if (seq == null) {
      return List.of();
    }
    List<Port> out = new ArrayList<>();
    for (YNode item : seq.items()) {
      if (item instanceof YMapping m) {
        Integer number = Ports.number(m.get("containerPort"));
        if (number != null) {
          out.add(new Port(m.string("name"), number, m.string("protocol"), m));
        }
      }
    }
    return List.copyOf(out);
  }

  public PodTemplate pod() {
    return pod;
  }

  public YMapping node() {
    return node;
  }

  /** The container's name, or {@code <unnamed>}. */
  public String name() {
    return name == null ? "<unnamed>" : name;
  }

  /** True for an init container with {@code restartPolicy: Always} (a native sidecar). */
  public boolean isInit() {
    return init;
  }

  public List<Port> ports() {
    return ports;
  }

  public List<Probe> probes() {
    return probes;
  }

  /** The number of the port this container declares under {@code name}, or null. */
  public Integer portNamed(String portName) {
    for (Port p : ports) {
      if (portName.equals(p.name())) {
        return p.number();
      }
    }
    return null;
  }

  /** True for the Istio sidecar itself, already present in pre-injected output. */
  public boolean isIstioProxy() {
    return "istio-proxy".equals(name);
  }
}
