package dev.meshprobe.engine;

import dev.meshprobe.context.DeploymentContext;
import dev.meshprobe.context.HelmContext;
import dev.meshprobe.context.Location;
import dev.meshprobe.context.Origin;
import dev.meshprobe.context.Rendered;
import dev.meshprobe.context.RenderedDocument;
import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.NamespaceSource;
import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.PeerAuthenticationPolicy;
import dev.meshprobe.mesh.ServiceInfo;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.IstioAnnotationMisplacedRule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine made of one rendered deployment context (DESIGN §9): the objects of its rendered
 * documents, in the namespace the context gives them; a mesh index of those objects and of the
 * cluster-wide facts of the plain files (Namespaces, mesh-wide PeerAuthentications, IstioOperators,
 * Istio's ConfigMaps), so that what the context renders decides for it alone; the findings of the rules
 * over it; and each finding, fact and probe placed in the text the user edits through the render's source
 * map. Offsets are those of the texts the render's source map read; {@link RenderedContexts} moves them
 * along with later edits.
 */
final class ContextModel {
  /** A probe of the context, with where its key, its body and its handler's key are in the edited text (each may be null). */
  record MappedProbe(Probe probe, Location key, Location node, Location handlerKey) {}

  final DeploymentContext context;
  final MeshModel mesh;
  /** The context's findings, placed in the edited files (absolute offsets), by file. */
  final Map<Path, List<Finding>> findings = new LinkedHashMap<>();
  private List<MappedProbe> probes;
  private final List<Workload> workloads;
  private final Map<Anchor, RenderedDocument> documents = new IdentityHashMap<>();

  private ContextModel(DeploymentContext context, MeshModel mesh, List<Workload> workloads) {
    this.context = context;
    this.mesh = mesh;
    this.workloads = workloads;
  }

  /**
   * Every probe of the context, placed: found on first use (a hover, a hint, a fix), since a render is
   * shown without them.
   */
  List<MappedProbe> probes() {
    if (probes == null) {
      List<MappedProbe> out = new ArrayList<>();
      for (Workload w : workloads) {
        for (Container ct : w.pod().containers()) {
          for (Probe p : ct.probes()) {
            YEntry handler = p.node().entry(p.handler().key());
            Resource r = w.resource();
            out.add(new MappedProbe(p, locate(r.ref(p.key())), locate(r.ref(p.node())), handler == null ? null : locate(r.ref(handler.key()))));
          }
        }
      }
      probes = List.copyOf(out);
    }
    return probes;
  }

  /**
   * Builds the model of {@code rendered} under {@code cfg} (the configuration of the context's entry file),
   * with {@code plain}, the mesh index of the plain files, for the cluster-wide facts.
   */
  static ContextModel build(Rendered rendered, Config cfg, MeshIndex plain, Linter linter) {
    DeploymentContext c = rendered.context();
    NamespaceDefault ns = namespaceDefault(c, cfg);
    List<Resource> own = new ArrayList<>();
    Map<Anchor, RenderedDocument> docs = new IdentityHashMap<>();
    for (RenderedDocument d : rendered.documents()) {
      Anchor anchor = new Anchor(d.document().start());
      docs.put(anchor, d);
      Path source = d.source() != null ? d.source() : c.entryFile();
      own.addAll(Resources.of(source.toString(), d.document(), anchor, ns.namespace(), ns.source()));
    }
    List<Workload> workloads = new ArrayList<>();
    List<Resource> relevant = new ArrayList<>(clusterWide(plain, c, cfg));
    List<Resource> services = new ArrayList<>();
    for (Resource r : own) {
      Workload w = Workload.of(r);
      if (w != null) {
        workloads.add(w);
      }
      if (ServiceInfo.isService(r)) {
        services.add(r);
      } else if (MeshIndex.isMeshRelevant(r)) {
        relevant.add(r);
      }
    }
    List<List<MeshIndex.Definition>> twice = definedTwice(own, workloads);
    MeshIndex index = MeshIndex.build(relevant, () -> services, () -> workloads,
        namespace -> workloads.stream().filter(w -> namespace.equals(w.namespace())).toList(), () -> twice);
    ContextModel m = new ContextModel(c, new MeshModel(index, cfg.mesh()), List.copyOf(workloads));
    m.documents.putAll(docs);
    List<Finding> raw = new ArrayList<>(linter.objectFindings(own, workloads, m.mesh));
    for (Finding f : linter.workspaceRuleFindings(m.mesh)) {
      if (docs.containsKey(f.where().anchor())) {
        raw.add(f);
      }
    }
    for (Finding f : raw) {
      if (!Suppressions.ignoredByAnnotation(f, own, workloads) && !m.unavoidable(f)) {
        Finding mapped = m.place(f);
        m.findings.computeIfAbsent(Path.of(mapped.where().file()), k -> new ArrayList<>()).add(mapped);
      }
    }
    return m;
  }

  /** A model that decides nothing: for a render whose output the engine could not take. */
  static ContextModel empty(DeploymentContext c, Config cfg) {
    MeshIndex index = MeshIndex.build(List.of(), List::of, List::of, ns -> List.of(), List::of);
    return new ContextModel(c, new MeshModel(index, cfg.mesh()), List.of());
  }

  /**
   * The namespace of the context's objects that name none (DESIGN §1): the Helm release's when
   * configured, else the declared context's, else {@code defaultNamespace}, else {@code default},
   * assumed. All namespace-less objects of one context are applied together, so they share it.
   */
  private static NamespaceDefault namespaceDefault(DeploymentContext c, Config cfg) {
    String id = c.id();
    if (c instanceof HelmContext h && h.namespace().isConfigured()) {
      return new NamespaceDefault(h.namespace().value(), new NamespaceSource(NamespaceSource.Kind.CONTEXT,
          "namespace of release " + h.release() + " in " + h.namespace().source(), id, id));
    }
    if (c.declared() != null && c.declared().namespace() != null) {
      return new NamespaceDefault(c.declared().namespace(), new NamespaceSource(NamespaceSource.Kind.CONFIGURED,
          "namespace of context " + c.declared().name() + " in " + c.declared().source(), id, id));
    }
    if (cfg.defaultNamespace().isConfigured()) {
      return new NamespaceDefault(cfg.defaultNamespace().value(), new NamespaceSource(NamespaceSource.Kind.CONFIGURED,
          "defaultNamespace in " + cfg.defaultNamespace().source(), id, id));
    }
    return new NamespaceDefault(cfg.defaultNamespace().value(), new NamespaceSource(NamespaceSource.Kind.ASSUMED, null, id, id));
  }

  /**
   * The plain files' facts that hold for every cluster (DESIGN §9): Namespace objects, mesh-wide
   * PeerAuthentications and MeshPolicies, IstioOperators and Istio's ConfigMaps. Those of the declared
   * context the entry falls under count too; those of other declared contexts do not.
   */
  private static List<Resource> clusterWide(MeshIndex plain, DeploymentContext c, Config cfg) {
    List<Resource> out = new ArrayList<>();
    String declared = c.declared() == null ? null : c.declared().name();
    String root = cfg.mesh().rootNamespace().value();
    for (String name : plain.namespaces().keySet()) {
      plain.namespaces(name).forEach(r -> addVisible(out, r, declared));
    }
    for (PeerAuthenticationPolicy pa : plain.peerAuthentications()) {
      if (pa.selector() == null && pa.inRootNamespace(root)) {
        addVisible(out, pa.resource(), declared);
      }
    }
    plain.legacyPolicies().stream().filter(p -> "MeshPolicy".equals(p.resource().kind())).forEach(p -> addVisible(out, p.resource(), declared));
    plain.installRewrites().forEach(s -> addVisible(out, s.from(), declared));
    plain.meshAuthPolicies().forEach(s -> addVisible(out, s.from(), declared));
    return out;
  }

  /** Adds a plain object (as one of every context: no context of its own) unless it belongs to another declared context. */
  private static void addVisible(List<Resource> out, Resource r, String declared) {
    NamespaceSource s = r.namespaceSource();
    if (s.context() == null) {
      if (!out.contains(r)) {
        out.add(r);
      }
    } else if (s.context().equals(declared)) {
      out.add(new Resource(r.file(), r.document(), r.anchor(), r.node(), r.namespace(),
          new NamespaceSource(s.kind(), s.origin(), s.folder(), null)));
    }
  }

  /** The objects of the context defined more than once, each group in output order. */
  private static List<List<MeshIndex.Definition>> definedTwice(List<Resource> own, List<Workload> workloads) {
    Map<ObjectIdentity, List<MeshIndex.Definition>> byId = new LinkedHashMap<>();
    for (Resource r : own) {
      boolean definable = MeshIndex.isMeshRelevant(r) || workloads.stream().anyMatch(w -> w.resource() == r);
      if (definable) {
        for (MeshIndex.Definition d : Definitions.of(List.of(r))) {
          byId.computeIfAbsent(d.identity(), k -> new ArrayList<>()).add(d);
        }
      }
    }
    return byId.values().stream().filter(g -> g.size() > 1).toList();
  }

  /**
   * True for a finding the user cannot act on where it lands: Kustomize's {@code commonAnnotations} writes
   * an annotation on the workload and on its pod template alike, so the copy on the workload's own metadata
   * (which Istio ignores) is no misplacement; the one on the pod template takes effect.
   */
  private boolean unavoidable(Finding f) {
    if (!f.rule().equals(Rules.get(IstioAnnotationMisplacedRule.class).id())) {
      return false;
    }
    Location l = locate(f.where());
    return l != null && l.origin() == Origin.COMMON_ANNOTATIONS;
  }

  // ---- placing

  /** A finding of the rendered objects, placed (with its facts) in the text the user edits. */
  private Finding place(Finding f) {
    List<Finding.Related> related = new ArrayList<>(f.related().size());
    for (Finding.Related r : f.related()) {
      SourceRef at = placed(r.where());
      if (at != null && !related.contains(new Finding.Related(at, r.message()))) {
        related.add(new Finding.Related(at, r.message()));
      }
    }
    SourceRef at = placed(f.where());
    if (at == null) {
      at = SourceRef.absolute(context.entryFile().toString(), 0, 0);
    }
    return f.inContexts(at, related, List.of(context.name()), null);
  }

  /** A span: placed in the edited text when it is in a rendered document, as it is when it is in a plain file; null when it is nowhere. */
  SourceRef placed(SourceRef ref) {
    if (ref == null) {
      return null;
    }
    if (!documents.containsKey(ref.anchor())) {
      return ref;
    }
    Location l = locate(ref);
    if (l != null && !l.literal() && l.valueFrom() != null) {
      // A value a template action wrote ({{ .Values.rewrite | quote }}) is edited where it came from.
      l = l.valueFrom();
    }
    return l == null ? null : SourceRef.absolute(l.file().toString(), l.start(), l.end());
  }

  /**
   * Where a span of a rendered document is in the edited text: the node that spans it exactly, else the
   * innermost node around it, else the document; null for a span of no rendered document.
   */
  Location locate(SourceRef ref) {
    RenderedDocument d = documents.get(ref.anchor());
    if (d == null) {
      return null;
    }
    Location l = d.locate(ref.relStart(), ref.relEnd());
    if (l != null) {
      return l;
    }
    YNode around = around(d.document().root(), ref.relStart(), ref.relEnd());
    return around == null ? null : d.locate(around);
  }

  /** The innermost key or value node of {@code n} whose span holds {@code start..end}, or {@code n} itself. */
  private static YNode around(YNode n, int start, int end) {
    if (n == null || n.start() > start || n.end() < end) {
      return null;
    }
    if (n instanceof YMapping m) {
      for (YEntry e : m.entries()) {
        if (e.key().start() <= start && end <= e.key().end()) {
          return e.key();
        }
        YNode inner = around(e.value(), start, end);
        if (inner != null) {
          return inner;
        }
      }
    } else if (n instanceof YSequence s) {
      for (YNode item : s.items()) {
        YNode inner = around(item, start, end);
        if (inner != null) {
          return inner;
        }
      }
    }
    return n;
  }
}
