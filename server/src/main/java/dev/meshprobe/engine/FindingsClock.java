package dev.meshprobe.engine;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.ServiceInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When documents' cached findings went stale. Each mesh change takes the next tick of the clock: a
 * change to Services only marks their namespaces (Services are read for the workloads of their own
 * namespace and nowhere else), any other mesh change marks everything.
 */
final class FindingsClock {
  private long now;
  private long everythingStaleAt;
  private final Map<String, Long> namespaceStaleAt = new HashMap<>();

  /** The current tick: findings computed now are stamped with it. */
  long now() {
    return now;
  }

  /** The mesh facts of {@code changed} changed (empty: anything may have changed). */
  void meshChanged(Set<Resource> changed) {
    long tick = ++now;
    boolean servicesOnly = !changed.isEmpty() && changed.stream().allMatch(r -> ServiceInfo.isService(r) && r.namespace() != null);
    if (servicesOnly) {
      for (Resource r : changed) {
        namespaceStaleAt.put(r.namespace(), tick);
      }
    } else {
      everythingStaleAt = tick;
      namespaceStaleAt.clear();
    }
  }

  /** True when a document's cached findings predate a mesh change they may depend on. */
  boolean stale(DocState d) {
    if (d.findingsStamp < everythingStaleAt) {
      return true;
    }
    if (!namespaceStaleAt.isEmpty()) {
      for (Workload w : d.workloads()) {
        Long at = namespaceStaleAt.get(w.namespace());
        if (at != null && d.findingsStamp < at) {
          return true;
        }
      }
    }
    return false;
  }
}
