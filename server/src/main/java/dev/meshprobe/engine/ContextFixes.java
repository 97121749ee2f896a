package dev.meshprobe.engine;

import dev.meshprobe.context.Location;
import dev.meshprobe.fixes.Fix;
import dev.meshprobe.fixes.FixContext;
import dev.meshprobe.fixes.Fixes;
import dev.meshprobe.k8s.PodTemplate;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.mesh.GoBool;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixes of a finding a rendered deployment context placed in a template, base, patch or values file
 * (DESIGN §9). The file's own tree says nothing about the rendered object, so what a fix needs is taken
 * from the contexts that give the finding: the rendered probe, its verdict, and where the source map says
 * each deciding value was written. A fix is offered only where its edit lands on literal text: the
 * rendered {@code rewriteAppHTTPProbers: "false"} where it was written (a patch, commonAnnotations,
 * values.yaml, a template's literal value), a comment above a probe key written literally, a suppression.
 */
final class ContextFixes {
  private ContextFixes() {}

  static List<Fix> fixes(Workspace ws, FileState st, Finding f, FixContext.ConfigTarget config) {
    Path path = st.path;
    List<Fixes.Source> sources = new ArrayList<>();
    int probeKey = -1;
    boolean kindRewritten = true;
    boolean everyContextHasASource = true;
    MeshModel mesh = null;
    int contexts = 0;
    for (RenderedContexts.PlacedProbe p : ws.contexts().probesIn(path)) {
      if (!f.contexts().contains(p.context().name()) || p.key() == null || p.key().start() != f.where().start() || !p.probe().probe().type().key()
          .equals(f.subject().probe())) {
        continue;
      }
      contexts++;
      mesh = p.model().mesh;
      ProbeVerdict v = mesh.verdict(p.probe().probe());
      if (p.probe().key().literal()) {
        probeKey = p.key().start();
      }
      kindRewritten &= v.kindNotRewritten() == null;
      Fixes.Source s = v.hasSidecar() && !v.alreadyRewritten() && !v.rewrite().value() ? rewriteSource(ws, p) : null;
      if (s == null) {
        everyContextHasASource = false;
      } else if (!sources.contains(s)) {
        sources.add(s);
      }
    }
    if (contexts == 0 || !everyContextHasASource) {
      sources.clear();
    }
    FixContext c = new FixContext(f, st.key, st.source.text(), st.yaml, null, null, mesh, config);
    return Fixes.forMappedFinding(c, new Fixes.Mapped(probeKey, sources, kindRewritten));
  }

  /**
   * Where the rendered pod template's {@code rewriteAppHTTPProbers: "false"} was written as literal text
   * (or, for a value a template action wrote, the values entry it came from), in the files as they are
   * now; null when it is nowhere the user edits, or an injection template forces rewriting off anyway.
   */
  private static Fixes.Source rewriteSource(Workspace ws, RenderedContexts.PlacedProbe p) {
    PodTemplate pod = p.probe().probe().container().pod();
    String value = pod.annotations().get(MeshModel.REWRITE);
    String templates = pod.annotations().get(MeshModel.TEMPLATES);
    if (!Boolean.FALSE.equals(GoBool.parse(value)) || templates != null && (templates.contains("grpc-agent") || templates.contains("grpc-simple"))) {
      return null;
    }
    YEntry e = pod.annotationsNode() == null ? null : pod.annotationsNode().entry(MeshModel.REWRITE);
    if (e == null || e.value() == null) {
      return null;
    }
    Resource r = pod.workload().resource();
    Location l = p.model().locate(r.ref(e.value()));
    Location at = l == null ? null : l.literal() ? l : l.valueFrom();
    SourceRef now = at == null ? null : ws.contexts().now(p.context(), at);
    String text = now == null ? null : ws.currentText(Path.of(now.file()));
    return text == null ? null : new Fixes.Source(now.file(), text, now.start(), now.end());
  }
}
