package dev.meshprobe.mesh;

import dev.meshprobe.k8s.Labels;
import dev.meshprobe.k8s.Ports;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A core Service: its pod selector and ports, to match legacy policy targets and listeners. */
public record ServiceInfo(Resource resource, Map<String, String> selector, List<ServicePort> ports) {

  /** One service port; the target is a number, a container port name, or (absent) the port itself. */
  public record ServicePort(Integer port, String name, Integer targetNumber, String targetName) {}

  public static boolean isService(Resource r) {
    return "Service".equals(r.kind()) && "".equals(r.group());
  }

  public static ServiceInfo of(Resource r) {
    YMapping spec = r.node().mapping("spec");
    Map<String, String> selector = Labels.of(spec == null ? null : spec.mapping("selector"));
    List<ServicePort> ports = new ArrayList<>();
    YSequence ps = spec == null ? null : spec.sequence("ports");
    if (ps != null) {
      for (YNode p : ps.items()) {
        if (p instanceof YMapping pm) {
          YNode target = pm.get("targetPort");
          ports.add(new ServicePort(Ports.number(pm.get("port")), pm.string("name"), Ports.number(target), Ports.name(target)));
        }
      }
    }
    return new ServiceInfo(r, selector, List.copyOf(ports));
  }

  /**
   * True when this Service is in the workload's namespace (DESIGN §1: a namespace-less Service only for
   * the namespace-less workloads of its folder and below) and its selector selects the pod (an empty
   * selector selects none).
   */
  public boolean selects(Workload w) {
    return resource.reachesNamespaceOf(w.resource()) && !selector.isEmpty() && Labels.selects(selector, w.pod().labels());
  }
}
