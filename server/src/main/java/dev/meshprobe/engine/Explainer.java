package dev.meshprobe.engine;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.Fact;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.MtlsDecision;
import dev.meshprobe.mesh.PeerAuthenticationPolicy;
import dev.meshprobe.mesh.ProbeVerdict;
import dev.meshprobe.mesh.Provenance;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.Position;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.yaml.YEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Explanations for hovers and inlay hints, in Markdown: on a probe, the verdict, the chain of facts
 * with their provenance and locations, the Istio version, what would change the verdict and the rule's
 * page; on a PeerAuthentication, what it makes STRICT or PERMISSIVE; on an Istio annotation, its
 * effect on this pod.
 */
public final class Explainer {
  /** Markdown for a span of the file (the span is absolute offsets). */
  public record Explanation(String markdown, int start, int end) {}

  /** A hint placed after a probe handler: what the kubelet will actually call. */
  public record Hint(int offset, String label, String tooltip) {}

  private final Workspace ws;

  public Explainer(Workspace ws) {
    this.ws = ws;
  }

  public Explanation hover(Path path, int offset) {
    FileState f = ws.file(path);
    if (f == null || f.source == null || f.compacted) {
      return null;
    }
    Probe probe = ProbeAt.probe(f, offset);
    if (probe != null) {
      MeshModel mesh = ws.meshModel(path);
      int keyStart = probe.container().pod().workload().resource().ref(probe.key()).start();
      int keyEnd = probe.container().pod().workload().resource().ref(probe.key()).end();
      if (offset >= keyStart && offset <= keyEnd) {
        return new Explanation(probe(path, probe, mesh), keyStart, keyEnd);
      }
    }
    Resource r = ProbeAt.resource(f, offset);
    if (r == null) {
      return null;
    }
    MeshModel mesh = ws.meshModel(path);
    YEntry entry = ProbeAt.metadataEntry(r, offset);
    if (entry != null && entry.keyText() != null && isIstioKey(entry.keyText())) {
      SourceRef at = r.ref(entry.key());
      return new Explanation(annotation(r, entry, mesh), at.start(), at.end());
    }
    if (PeerAuthenticationPolicy.isPeerAuthentication(r)) {
      var kind = r.node().entry("kind");
      SourceRef at = r.ref(kind.value());
      YEntry name = r.metadata() == null ? null : r.metadata().entry("name");
      int rel = offset - r.anchor().start();
      boolean onHead = (rel >= kind.key().start() && rel <= kind.value().end())
          || (name != null && rel >= name.key().start() && rel <= name.value().end());
      if (onHead) {
        return new Explanation(peerAuthentication(PeerAuthenticationPolicy.of(r), mesh), at.start(), at.end());
      }
    }
    return null;
  }

  private static boolean isIstioKey(String key) {
    return key.contains("istio.io/") || key.equals("istio-injection") || key.equals(Suppressions.ANNOTATION);
  }

  // ---- probes

  private String probe(Path path, Probe p, MeshModel mesh) {
    ProbeVerdict v = mesh.verdict(p);
    StringBuilder md = new StringBuilder();
    int keyStart = p.container().pod().workload().resource().ref(p.key()).start();
    List<Finding> findings = new ArrayList<>();
    for (Finding x : ws.lint(path)) {
      if (x.where().start() == keyStart) {
        findings.add(x);
      }
    }
    md.append("**Meshprobe: ").append(p.type().word()).append(" probe of `").append(p.container().name()).append("`** — ");
    md.append(findings.isEmpty() ? "✓ " + fineVerdict(v, mesh) : "✗ " + findings.get(0).message()).append("\n\n");
    md.append("**What the kubelet calls:** ").append(target(v, mesh)).append("\n\n");
    md.append("**How it was decided** (Istio ").append(mesh.version()).append(versionProvenance(mesh)).append("):\n\n");
    for (Fact<?> fact : v.chain()) {
      md.append("- ").append(capitalise(fact.statement())).append(" — *").append(fact.provenance().label()).append("*");
      String link = link(fact);
      if (link != null) {
        md.append(" (").append(link).append(")");
      }
      md.append('\n');
    }
    md.append('\n');
    String change = whatWouldChange(v, findings);
    if (change != null) {
      md.append("**What would change it:** ").append(change).append("\n\n");
    }
    md.append("Istio: [health checking of Istio services](https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/) · ")
        .append("Kubernetes: [liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)\n");
    Set<String> pages = new LinkedHashSet<>();
    findings.forEach(x -> pages.add(x.rule()));
    for (String rule : pages) {
      String page = rulePage(rule);
      if (page != null) {
        md.append("\n---\n\n").append(page);
      }
    }
    return md.toString();
  }

  private static String versionProvenance(MeshModel mesh) {
    var s = mesh.settings().version();
    return s.isConfigured() ? ", configured in " + s.source() : ", the newest; set `istio.version` to target another";
  }

  private static String fineVerdict(ProbeVerdict v, MeshModel mesh) {
    Probe p = v.probe();
    if (p.handler() == ProbeHandler.EXEC) {
      return "exec probes run inside the container and never go through the sidecar.";
    }
    if (!v.hasSidecar()) {
      return "no sidecar: " + v.sidecar().statement() + ".";
    }
    if (v.alreadyRewritten()) {
      return "the probe already calls the sidecar agent, which probes the app from inside the pod.";
    }
    if (v.rewritten()) {
      return "Istio rewrites this probe to the sidecar agent, which probes the app from inside the pod.";
    }
    if (v.captured() != null && !v.captured().value()) {
      return capitalise(v.captured().statement()) + ", so the kubelet reaches the app directly.";
    }
    if (v.mtls() != null && v.mtls().isExempt()) {
      return capitalise(v.mtls().managementListener().statement()) + ".";
    }
    return "nothing in the mesh blocks this probe.";
  }

  /** What the kubelet will actually call, for hovers and inlay hints. */
  public static String target(ProbeVerdict v, MeshModel mesh) {
    Probe p = v.probe();
    String app = p.port() == null ? "" : ":" + p.port() + (p.handler() == ProbeHandler.HTTP_GET && p.path() != null ? p.path() : "");
    if (p.handler() == ProbeHandler.EXEC || p.handler() == ProbeHandler.NONE) {
      return "a command inside the container";
    }
    if (p.portUnresolved()) {
      return "nothing: the named port `" + p.portName() + "` does not resolve";
    }
    if (!v.hasSidecar()) {
      return app + " directly (no sidecar)";
    }
    int status = mesh.statusPort(p.container().pod());
    if (v.alreadyRewritten()) {
      return app + " (the sidecar agent)";
    }
    if (v.rewritten()) {
      return ":" + status + "/app-health/" + p.container().name() + "/" + p.type().appHealthSuffix() + " (rewritten by Istio)";
    }
    if (v.captured() == null || !v.captured().value()) {
      return app + " directly (not intercepted by the sidecar)";
    }
    if (p.handler() == ProbeHandler.TCP_SOCKET) {
      return app + " through Envoy, which accepts every connection";
    }
    if (v.mtls() != null && v.mtls().isStrict()) {
      return app + " through the sidecar, which rejects it under STRICT mTLS";
    }
    return app + " through the sidecar, in plaintext (accepted while the port is not STRICT)";
  }

  private static String whatWouldChange(ProbeVerdict v, List<Finding> findings) {
    Probe p = v.probe();
    if (findings.isEmpty()) {
      if (v.hasSidecar() && v.isCaptured() && !v.rewritten() && v.mtls() != null && !v.mtls().isStrict()
          && p.handler() != ProbeHandler.EXEC) {
        return "turning STRICT mTLS on for port " + p.port() + " would make the sidecar reject this probe.";
      }
      if (v.rewritten() && v.rewrite().provenance() instanceof Provenance.Default) {
        return "`sidecar.istio.io/rewriteAppHTTPProbers: \"false\"` on the pod template, or an install that turns rewriting off, would send the probe through the sidecar.";
      }
      return null;
    }
    String rule = findings.get(0).rule();
    if (rule.equals("probe-blocked-by-strict-mtls") || rule.equals("probe-would-fail-under-strict-mtls")) {
      return (v.kindNotRewritten() == null ? "`sidecar.istio.io/rewriteAppHTTPProbers: \"true\"` on the pod template; " : "")
          + "an exec probe; a PeerAuthentication with `portLevelMtls` PERMISSIVE for port " + p.port()
          + "; or `traffic.sidecar.istio.io/excludeInboundPorts: \"" + p.port() + "\"`.";
    }
    if (rule.equals("tcp-probe-always-succeeds")) {
      return (v.kindNotRewritten() == null ? "probe rewriting for this pod, " : "an Istio version that rewrites tcpSocket probes (1.12+), ")
          + "an exec probe that checks the app itself, or excluding port " + p.port() + " from the sidecar.";
    }
    if (rule.equals("probe-host-breaks-rewrite")) {
      return "removing `host:` so the kubelet calls the pod IP.";
    }
    return null;
  }

  // ---- annotations

  private String annotation(Resource r, YEntry e, MeshModel mesh) {
    String key = e.keyText();
    String value = e.value() == null || e.value().text() == null ? "" : e.value().text();
    Workload w = Workload.of(r);
    StringBuilder md = new StringBuilder("**`").append(key).append(": \"").append(value).append("\"`**\n\n");
    if (w == null) {
      md.append("On this ").append(r.kind()).append(", Istio reads no pod annotations.\n");
      return md.toString();
    }
    boolean onTemplate = w.kind().isPod() || (w.pod().metadata() != null && isWithin(w.pod().metadata(), e));
    if (!onTemplate && !key.equals(Suppressions.ANNOTATION)) {
      md.append("This sits on the ").append(w.display()).append(" itself: Istio only reads it from the pod template, so it has no effect here.\n");
      return md.toString();
    }
    switch (key) {
      case MeshModel.REWRITE -> md.append(capitalise(mesh.rewrite(w.pod()).statement())).append('.');
      case MeshModel.INJECT -> md.append(capitalise(mesh.sidecar(w.pod()).statement())).append('.');
      case MeshModel.EXCLUDE_INBOUND, MeshModel.INCLUDE_INBOUND -> {
        md.append("Ports the sidecar intercepts for this pod's probes:\n\n");
        for (var c : w.pod().containers()) {
          for (Probe p : c.probes()) {
            if (p.port() != null) {
              md.append("- ").append(p.type().word()).append(" probe of `").append(c.name()).append("`: ")
                  .append(mesh.captured(w.pod(), p.port()).statement()).append('\n');
            }
          }
        }
      }
      case MeshModel.STATUS_PORT -> md.append("The sidecar agent's status port is ").append(mesh.statusPort(w.pod()))
          .append(" for this pod; rewritten probes call it.");
      default -> md.append("Sidecar for this pod: ").append(mesh.sidecar(w.pod()).statement()).append('.');
    }
    md.append("\n\n[Istio resource annotations](https://istio.io/latest/docs/reference/config/annotations/)\n");
    return md.toString();
  }

  private static boolean isWithin(dev.meshprobe.yaml.YMapping m, YEntry e) {
    return e.key().start() >= m.start() && e.key().end() <= m.end();
  }

  // ---- PeerAuthentication

  /** How many ports a PeerAuthentication hover lists. */
  private static final int HOVER_PORTS = 50;

  private String peerAuthentication(PeerAuthenticationPolicy pa, MeshModel mesh) {
    StringBuilder md = new StringBuilder("**").append(pa.display()).append("** — ");
    md.append(switch (pa.scope(mesh.rootNamespace())) {
      case MESH -> "mesh-wide (root namespace `" + mesh.rootNamespace() + "`, no selector)";
      case NAMESPACE -> pa.resource().namespaceAssumed()
          ? "namespace-wide for its namespace (none set: `" + pa.namespace() + "` is assumed, shared only with the namespace-less files of its"
              + " folder and below; state it with `defaultNamespace` or `contexts:`)"
          : "namespace-wide for `" + pa.namespace() + "`";
      case WORKLOAD -> "for workloads labelled " + pa.selector();
    }).append(", mode ").append(pa.mode()).append(".\n\n");
    if (!mesh.version().atLeast(5)) {
      md.append("Istio ").append(mesh.version()).append(" has no PeerAuthentication API; this object has no effect.\n");
      return md.toString();
    }
    // At most HOVER_PORTS lines are shown, so the walk stops at one more: a mesh-wide policy would
    // otherwise ask every port of every workload of the workspace (seconds on 100,000 workloads).
    Set<String> lines = new LinkedHashSet<>();
    // A policy outside the root namespace decides only for workloads of its own namespace.
    boolean meshWide = pa.namespace().equals(mesh.rootNamespace());
    walk:
    for (Workload w : meshWide ? mesh.index().workloads() : mesh.index().workloads(pa.namespace())) {
      for (var c : w.pod().containers()) {
        Set<Integer> ports = new java.util.TreeSet<>();
        c.ports().forEach(port -> ports.add(port.number()));
        c.probes().stream().filter(p -> p.port() != null).forEach(p -> ports.add(p.port()));
        for (int port : ports) {
          MtlsDecision d = mesh.mtls(w, port);
          if (d.decidedBy().equals(pa.display())) {
            String probes = c.probes().stream().filter(p -> p.port() != null && p.port() == port)
                .map(p -> p.type().word()).reduce((a, b) -> a + ", " + b).map(x -> " (" + x + " probe)").orElse("");
            lines.add("- " + w.display() + ", container `" + c.name() + "`, port " + port + probes + ": " + d.mode().value());
            if (lines.size() > HOVER_PORTS) {
              break walk;
            }
          }
        }
      }
    }
    if (lines.isEmpty()) {
      md.append("It decides the mode of no container port in the workspace.\n");
    } else {
      md.append("Ports in the workspace whose mode it decides:\n\n");
      lines.stream().limit(HOVER_PORTS).forEach(l -> md.append(l).append('\n'));
      if (lines.size() > HOVER_PORTS) {
        md.append("- … and more\n");
      }
    }
    md.append("\n[PeerAuthentication reference](https://istio.io/latest/docs/reference/config/security/peer_authentication/)\n");
    return md.toString();
  }

  // ---- inlay hints

  /** One hint after each probe handler of the file. */
  public List<Hint> hints(Path path) {
    FileState f = ws.file(path);
    List<Hint> out = new ArrayList<>();
    if (f == null || f.source == null || f.source.text() == null) {
      return out;
    }
    MeshModel mesh = ws.meshModel(path);
    SourceText text = f.source;
    for (Probe p : ProbeAt.probes(f)) {
      if (p.handler() == ProbeHandler.EXEC || p.handler() == ProbeHandler.NONE) {
        continue;
      }
      ProbeVerdict v = mesh.verdict(p);
      Resource r = p.container().pod().workload().resource();
      var handlerEntry = p.node().entry(p.handler().key());
      int at = r.ref(handlerEntry.key()).start();
      int line = text.lines().lineOf(at);
      int end = text.lines().lineEnd(text.text(), line);
      String label = target(v, mesh);
      String prefix = label.contains("rejects") ? "✗ " : label.contains("accepts every") ? "⚠ " : "→ ";
      out.add(new Hint(end, prefix + label, v.chain().isEmpty() ? null : v.chain().get(v.chain().size() - 1).statement()));
    }
    return out;
  }

  // ---- helpers

  private String link(Fact<?> f) {
    SourceRef where = f.where();
    if (where == null) {
      return null;
    }
    FileState other = ws.file(Path.of(where.file()));
    if (other == null || other.source == null) {
      return null;
    }
    Position pos = other.source.position(where.start());
    Path p = Path.of(where.file());
    return "[" + p.getFileName() + ":" + (pos.line() + 1) + "](" + p.toUri() + "#L" + (pos.line() + 1) + "," + (pos.character() + 1) + ")";
  }

  /** The rule's documentation page, bundled in the jar. */
  public static String rulePage(String rule) {
    return RULE_PAGES.computeIfAbsent(rule, r -> readRulePage(r)).orElse(null);
  }

  /** The bundled rule pages, read from the jar once each: a hover shows one on every request. */
  private static final Map<String, Optional<String>> RULE_PAGES = new ConcurrentHashMap<>();

  private static Optional<String> readRulePage(String rule) {
    try (InputStream in = Explainer.class.getResourceAsStream("/dev/meshprobe/rules/docs/" + rule + ".md")) {
      return Optional.ofNullable(in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
