package dev.meshprobe.engine;

import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.ArrayList;
import java.util.List;

/** Finds what sits at an offset of a file: the probe, annotation or resource a hover or code action is about. */
public final class ProbeAt {
  private ProbeAt() {}

  /** The resource whose document holds {@code offset}, or null. */
  public static Resource resource(FileState f, int offset) {
    for (DocState d : f.documents) {
      if (holds(d, offset)) {
        for (Resource r : d.resources()) {
          int rel = offset - d.anchor.start();
          if (rel >= r.node().start() && rel <= r.node().end()) {
            return r;
          }
        }
      }
    }
    return null;
  }

  /** The probe whose key or body holds {@code offset}, or null. Only the document holding the offset is looked at. */
  public static Probe probe(FileState f, int offset) {
    for (DocState d : f.documents) {
      if (!holds(d, offset)) {
        continue;
      }
      int rel = offset - d.anchor.start();
      for (Probe p : probes(d)) {
        if (rel >= p.key().start() && rel <= p.node().end()) {
          return p;
        }
      }
    }
    return null;
  }

  /** Every probe of a file, in order, from the workloads each document derived once. */
  public static List<Probe> probes(FileState f) {
    List<Probe> out = new ArrayList<>();
    for (DocState d : f.documents) {
      out.addAll(probes(d));
    }
    return out;
  }

  private static List<Probe> probes(DocState d) {
    List<Probe> out = new ArrayList<>();
    for (Workload w : d.workloads()) {
      for (Container c : w.pod().containers()) {
        out.addAll(c.probes());
      }
    }
    return out;
  }

  /** True when {@code offset} lies in the document (its end included). */
  private static boolean holds(DocState d, int offset) {
    return offset >= d.anchor.start() && offset <= d.anchor.start() + d.document.text().length();
  }

  /** The annotation or label entry whose key or value holds {@code offset} (pod template or object metadata), or null. */
  public static YEntry metadataEntry(Resource r, int offset) {
    int rel = offset - r.anchor().start();
    List<YMapping> maps = new ArrayList<>();
    addMetadata(maps, r.metadata());
    Workload w = Workload.of(r);
    if (w != null && !w.kind().isPod()) {
      addMetadata(maps, w.pod().metadata());
    }
    for (YMapping m : maps) {
      for (YEntry e : m.entries()) {
        int end = e.value() != null && e.value().end() > e.key().end() ? e.value().end() : e.key().end();
        if (rel >= e.key().start() && rel <= end) {
          return e;
        }
      }
    }
    return null;
  }

  private static void addMetadata(List<YMapping> out, YMapping metadata) {
    if (metadata == null) {
      return;
    }
    for (String key : new String[] {"annotations", "labels"}) {
      YMapping m = metadata.mapping(key);
      if (m != null) {
        out.add(m);
      }
    }
  }
}
