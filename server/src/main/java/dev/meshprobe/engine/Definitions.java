package dev.meshprobe.engine;

import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.ServiceInfo;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity of every object of the workspace whose alternatives can change a verdict, kept up to
 * date file by file, to tell which of them are defined more than once (alternatives, DESIGN §9).
 */
final class Definitions {
  private static final Comparator<MeshIndex.Definition> WORKSPACE_ORDER =
      Comparator.comparing(MeshIndex.Definition::file).thenComparingInt(d -> d.nameRef().start());
  /** The keys of a Service port that decide something (ServiceInfo.ServicePort). */
  private static final List<String> SERVICE_PORT_KEYS = List.of("name", "port", "targetPort");

  /**
   * Each identity's definitions: the one definition itself for nearly every object, a list for those
   * defined more than once (a workspace of thousands of files holds few of them).
   */
  private final Map<ObjectIdentity, Object> byIdentity = new HashMap<>();
  private final Map<Path, List<MeshIndex.Definition>> byFile = new HashMap<>();
  /** The identities with two or more definitions. */
  private final Set<ObjectIdentity> twice = new HashSet<>();

  /**
   * Whether two definitions of {@code r}'s object are worth telling apart: only when which one is
   * applied can change the verdict on something else. That holds for the kinds the mesh index reads
   * (Namespaces, PeerAuthentications, legacy Policy/MeshPolicy, IstioOperators, Istio's injector and
   * mesh ConfigMaps, and Services, which decide only up to Istio 1.6: {@code ResourceDefinedTwiceRule}
   * asks the version). Two definitions of one Deployment are each linted on their own probes already, so
   * workloads are not listed.
   */
  static boolean alternativesMatter(Resource r) {
    return MeshIndex.isMeshRelevant(r);
  }

  /** The definitions of one document's objects whose alternatives matter. */
  static List<MeshIndex.Definition> of(List<Resource> resources) {
    List<MeshIndex.Definition> out = null;
    for (Resource r : resources) {
      ObjectIdentity id = alternativesMatter(r) ? ObjectIdentity.of(r) : null;
      if (id == null) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(1);
      }
      out.add(new MeshIndex.Definition(id, r.apiVersion(), r.namespace(), r.nameRef(), r.file(),
          r.namespaceAssumed(), content(r)));
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  /**
   * A digest of what in {@code r} can decide a verdict: a Service's selector and its ports' name, port
   * and targetPort (what the mesh index reads of it, and all a compacted file keeps of it); of the
   * other kinds, the labels and everything beside {@code metadata} ({@code spec}, {@code data}). Key
   * order, quoting, comments and the apiVersion (v1beta1 or v1 of one PeerAuthentication) do not count.
   */
  static long content(Resource r) {
    StringBuilder b = new StringBuilder();
    if (ServiceInfo.isService(r)) {
      // Only what ServiceInfo reads, which is also all that Prune keeps of a closed file's Service.
      YMapping spec = r.node().mapping("spec");
      canonical(spec == null ? null : spec.get("selector"), b);
      YSequence ports = spec == null ? null : spec.sequence("ports");
      for (YNode port : ports == null ? List.<YNode>of() : ports.items()) {
        YMapping m = port.asMapping();
        b.append("|port:");
        for (String key : SERVICE_PORT_KEYS) {
          b.append(key).append('=');
          canonical(m == null ? null : m.get(key), b);
        }
      }
    } else {
      canonical(r.metadata() == null ? null : r.metadata().get("labels"), b);
      for (YEntry e : r.node().entries()) {
        String key = e.keyText();
        if (key != null && !key.equals("apiVersion") && !key.equals("kind") && !key.equals("metadata") && !key.equals("status")) {
          b.append('|').append(key).append('=');
          canonical(e.value(), b);
        }
      }
    }
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < b.length(); i++) {
      h = (h ^ b.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  private static void canonical(YNode n, StringBuilder b) {
    if (n instanceof YMapping m) {
      List<YEntry> entries = new ArrayList<>(m.entries());
      entries.sort(Comparator.comparing(e -> e.keyText() == null ? "" : e.keyText()));
      b.append('{');
      for (YEntry e : entries) {
        b.append(e.keyText()).append(':');
        canonical(e.value(), b);
        b.append(',');
      }
      b.append('}');
    } else if (n instanceof YSequence q) {
      b.append('[');
      for (YNode item : q.items()) {
        canonical(item, b);
        b.append(',');
      }
      b.append(']');
    } else if (n != null && n.text() != null) {
      b.append('"').append(n.text().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else {
      b.append('~');
    }
  }

  /**
   * A file changed from {@code prev} to {@code next} (either null when the file is new or gone). The
   * documents an edit did not touch keep their definition objects, so only those of the documents it
   * parsed again are removed and added: a keystroke costs the identities of one document, not a file's.
   */
  void replace(FileState prev, FileState next) {
    List<MeshIndex.Definition> before = prev == null ? List.of() : byFile.getOrDefault(prev.path, List.of());
    List<MeshIndex.Definition> after = new ArrayList<>();
    if (next != null) {
      for (DocState doc : next.documents) {
        after.addAll(doc.definitions());
      }
    }
    Set<MeshIndex.Definition> kept = Collections.newSetFromMap(new IdentityHashMap<>(before.size() * 2));
    kept.addAll(before);
    for (MeshIndex.Definition d : after) {
      if (!kept.remove(d)) {
        add(d);
      }
    }
    for (MeshIndex.Definition d : kept) {
      remove(d);
    }
    if (prev != null) {
      byFile.remove(prev.path);
    }
    if (!after.isEmpty()) {
      byFile.put(next.path, after);
    }
  }

  private void add(MeshIndex.Definition d) {
    Object held = byIdentity.get(d.identity());
    if (held == null) {
      byIdentity.put(d.identity(), d);
      return;
    }
    List<MeshIndex.Definition> list = asList(held);
    list.add(d);
    byIdentity.put(d.identity(), list);
    twice.add(d.identity());
  }

  private void remove(MeshIndex.Definition d) {
    Object held = byIdentity.get(d.identity());
    if (held == d) {
      byIdentity.remove(d.identity());
    } else if (held != null) {
      List<MeshIndex.Definition> list = asList(held);
      list.remove(d);
      if (list.size() == 1) {
        byIdentity.put(d.identity(), list.get(0));
        twice.remove(d.identity());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<MeshIndex.Definition> asList(Object held) {
    if (held instanceof List<?> list) {
      return (List<MeshIndex.Definition>) list;
    }
    List<MeshIndex.Definition> list = new ArrayList<>(2);
    list.add((MeshIndex.Definition) held);
    return list;
  }

  /** Lists every file again, after a change that may move every identity (configuration, indexing). */
  void rebuild(Collection<FileState> files) {
    byIdentity.clear();
    byFile.clear();
    twice.clear();
    for (FileState f : files) {
      replace(null, f);
    }
  }

  /**
   * The definitions of the objects defined more than once that {@code file} defines, each group in
   * workspace order: what a lint of that file needs, without grouping the whole workspace.
   */
  List<List<MeshIndex.Definition>> definedTwiceIn(String file) {
    List<List<MeshIndex.Definition>> out = new ArrayList<>();
    Set<ObjectIdentity> seen = new HashSet<>();
    for (MeshIndex.Definition d : byFile.getOrDefault(Path.of(file), List.of())) {
      if (twice.contains(d.identity()) && seen.add(d.identity())) {
        List<MeshIndex.Definition> group = new ArrayList<>(asList(byIdentity.get(d.identity())));
        group.sort(WORKSPACE_ORDER);
        out.add(group);
      }
    }
    return out;
  }

  /** The definitions of every object defined more than once, each in workspace order; the groups in the order of their first. */
  List<List<MeshIndex.Definition>> definedTwice() {
    List<List<MeshIndex.Definition>> out = new ArrayList<>(twice.size());
    for (ObjectIdentity id : twice) {
      List<MeshIndex.Definition> group = new ArrayList<>(asList(byIdentity.get(id)));
      group.sort(WORKSPACE_ORDER);
      out.add(group);
    }
    out.sort(Comparator.comparing(g -> g.get(0), WORKSPACE_ORDER));
    return out;
  }
}
