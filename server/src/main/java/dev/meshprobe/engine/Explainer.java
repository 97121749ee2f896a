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
import dev.meshprobe.rules.Rules;
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
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Explanations for hovers and inlay hints, short enough to read at a glance: on a probe, the verdict
 * in one line, the facts that decided it with their locations, what would change it and the links to
 * the rule's page and the upstream documentation; on a PeerAuthentication, what it makes STRICT or
 * PERMISSIVE; on an Istio annotation, its effect on this pod. Everything is built from the verdict's
 * structure (its facts), never from a finding's message, which the editor already shows.
 */
public final class Explainer {
  /** An explanation of a span of the file (absolute offsets), written in {@link #markup()}. */
  public record Explanation(String text, Markup markup, int start, int end) {
    /** The text; kept under its old name for callers that only show it. */
    public String markdown() {
      return text;
    }
  }

  /**
   * A hint placed at the end of a probe handler's line: a label of at most {@link #HINT_MAX} characters
   * and a plain-text tooltip listing the facts that decided this probe.
   */
  public record Hint(int offset, String label, String tooltip) {}

  /**
   * How explanations are written for one client: their markup, where a rule's page opens (rule id to a
   * link target, or null where the client has none), and whether the client shows a diagnostic's
   * message and related information in the same hover box as the server's hover (VS Code does, on the
   * diagnostic's range): there the facts the diagnostic already lists are not repeated.
   */
  public record Style(Markup markup, Function<String, String> rulePage, boolean diagnosticsInHover) {
    public static final Style DEFAULT = new Style(Markup.MARKDOWN_LINKS, rule -> null, false);
  }

  /** The longest inlay hint label: VS Code cuts labels at 43 characters, mid-word. */
  public static final int HINT_MAX = 30;

  static final String APP_HEALTH_CHECK = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/";
  private static final String ANNOTATIONS = "https://istio.io/latest/docs/reference/config/annotations/";
  private static final String PEER_AUTHENTICATION = "https://istio.io/latest/docs/reference/config/security/peer_authentication/";

  private final Workspace ws;

  public Explainer(Workspace ws) {
    this.ws = ws;
  }

  public Explanation hover(Path path, int offset) {
    return hover(path, offset, Style.DEFAULT);
  }

  /** The explanation of what sits at {@code offset}: a probe (anywhere in its block), an Istio annotation or label (key or value), a PeerAuthentication's head. */
  public Explanation hover(Path path, int offset, Style style) {
    FileState f = ws.file(path);
    if (f == null || f.source == null || f.compacted) {
      return null;
    }
    Explanation rendered = contextHover(path, offset, style);
    if (rendered != null) {
      return rendered;
    }
    Probe probe = ProbeAt.probe(f, offset);
    if (probe != null) {
      Resource r = probe.container().pod().workload().resource();
      int start = r.ref(probe.key()).start();
      int end = r.ref(probe.node()).end();
      return new Explanation(probe(path, probe, offset, ws.meshModel(path), style, start, ref -> ref), style.markup(), start, end);
    }
    Resource r = ProbeAt.resource(f, offset);
    if (r == null) {
      return null;
    }
    YEntry entry = ProbeAt.metadataEntry(r, offset);
    if (entry != null && entry.keyText() != null && isIstioKey(entry.keyText())) {
      SourceRef at = r.ref(entry.key());
      int end = entry.value() == null ? at.end() : r.ref(entry.value()).end();
      return new Explanation(annotation(r, entry, ws.meshModel(path), style.markup()), style.markup(), at.start(), end);
    }
    if (PeerAuthenticationPolicy.isPeerAuthentication(r)) {
      var kind = r.node().entry("kind");
      SourceRef at = r.ref(kind.value());
      YEntry name = r.metadata() == null ? null : r.metadata().entry("name");
      int rel = offset - r.anchor().start();
      boolean onHead = (rel >= kind.key().start() && rel <= kind.value().end())
          || (name != null && rel >= name.key().start() && rel <= name.value().end());
      if (onHead) {
        return new Explanation(peerAuthentication(PeerAuthenticationPolicy.of(r), ws.meshModel(path), style.markup()), style.markup(),
            at.start(), at.end());
      }
    }
    return null;
  }

  /**
   * On a probe a Helm release or a Kustomize entry rendered from this file (its key, or its body where the
   * file holds it): the explanation of each context that renders it, the contexts named when there are
   * several, each once for the same explanation. Facts are placed where the user edits them.
   */
  private Explanation contextHover(Path path, int offset, Style style) {
    Map<String, List<String>> byText = new java.util.LinkedHashMap<>();
    int start = Integer.MAX_VALUE;
    int end = -1;
    for (RenderedContexts.PlacedProbe p : ws.contexts().probesIn(path)) {
      boolean onKey = p.key() != null && offset >= p.key().start() && offset <= p.key().end();
      boolean inBody = p.node() != null && p.key() != null && offset >= p.key().start() && offset <= p.node().end();
      if (!onKey && !inBody) {
        continue;
      }
      String text = probe(path, p.probe().probe(), offset, p.model().mesh, style, p.key().start(),
          ref -> ws.contexts().placedNow(p.context(), p.model(), ref));
      byText.computeIfAbsent(text, k -> new ArrayList<>()).add(p.context().name());
      start = Math.min(start, p.key().start());
      end = Math.max(end, p.node() != null && p.node().end() > p.key().end() ? p.node().end() : p.key().end());
    }
    if (byText.isEmpty()) {
      return null;
    }
    Markup m = style.markup();
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byText.entrySet()) {
      parts.add(byText.size() == 1 && ws.contexts().contextsOf(path).size() <= 1 ? e.getKey()
          : m.bold("In " + String.join(", ", e.getValue()) + ":") + "\n\n" + e.getKey());
    }
    return new Explanation(String.join("\n", parts), m, start, end);
  }

  private static boolean isIstioKey(String key) {
    return key.contains("istio.io/") || key.equals("istio-injection") || key.equals(Suppressions.ANNOTATION);
  }

  // ---- probes

  /** What Istio and the kubelet make of one probe, in the order the decisions are taken (DESIGN §1). */
  enum Outcome {
    EXEC, NO_HANDLER, NO_PORT, PORT_UNRESOLVED, NO_SIDECAR, ALREADY_REWRITTEN, REWRITTEN, NOT_CAPTURED, EXEMPT,
    ACCEPTS_EVERY_CONNECTION, REJECTED, PLAINTEXT;

    static Outcome of(ProbeVerdict v) {
      Probe p = v.probe();
      if (p.handler() == ProbeHandler.EXEC) {
        return EXEC;
      }
      if (p.handler() == ProbeHandler.NONE) {
        return NO_HANDLER;
      }
      if (p.portUnresolved()) {
        return PORT_UNRESOLVED;
      }
      if (!v.hasSidecar()) {
        return NO_SIDECAR;
      }
      if (v.alreadyRewritten()) {
        return ALREADY_REWRITTEN;
      }
      if (v.rewritten()) {
        return REWRITTEN;
      }
      if (p.port() == null || v.captured() == null) {
        return NO_PORT;
      }
      if (!v.captured().value()) {
        return NOT_CAPTURED;
      }
      if (p.handler() == ProbeHandler.TCP_SOCKET) {
        return ACCEPTS_EVERY_CONNECTION;
      }
      if (v.mtls() != null && v.mtls().isExempt()) {
        return EXEMPT;
      }
      return v.mtls() != null && v.mtls().isStrict() ? REJECTED : PLAINTEXT;
    }
  }

  /**
   * The facts that decided this probe, and only those: the sidecar; when there is one, the rewrite;
   * when the probe is not rewritten, whether its port is captured; when it is, the mTLS mode there (not
   * for tcpSocket, which Envoy accepts whatever the mode). A probe whose port is excluded from the
   * sidecar is decided by the exclusion, not by the mesh-wide policy.
   */
  static List<Fact<?>> decidingFacts(ProbeVerdict v) {
    List<Fact<?>> out = new ArrayList<>();
    Outcome o = Outcome.of(v);
    if (o == Outcome.EXEC || o == Outcome.NO_HANDLER || o == Outcome.PORT_UNRESOLVED) {
      return out;
    }
    out.add(v.sidecar());
    if (o == Outcome.NO_SIDECAR || o == Outcome.ALREADY_REWRITTEN) {
      return out;
    }
    out.add(v.rewrite());
    if (o == Outcome.REWRITTEN || o == Outcome.NO_PORT) {
      return out;
    }
    out.add(v.captured());
    if (o == Outcome.NOT_CAPTURED || o == Outcome.ACCEPTS_EVERY_CONNECTION) {
      return out;
    }
    MtlsDecision mtls = v.mtls();
    out.add(mtls.mode());
    if (mtls.managementListener() != null) {
      out.add(mtls.managementListener());
    }
    if (mtls.setAside() != null) {
      out.add(mtls.setAside().fact());
    }
    return out;
  }

  /**
   * A probe's explanation at {@code offset}; {@code keyStart} is where its key is in {@code path}, and
   * {@code place} puts a fact's span where the user edits it (the identity for a plain file).
   */
  private String probe(Path path, Probe p, int offset, MeshModel mesh, Style style, int keyStart, UnaryOperator<SourceRef> place) {
    Markup m = style.markup();
    ProbeVerdict v = mesh.verdict(p);
    Outcome o = Outcome.of(v);
    Set<String> rules = new LinkedHashSet<>();
    String upstream = null;
    // Facts the client already shows in this hover box, as the related information of a diagnostic
    // under the cursor: listed once, there.
    Set<String> shown = new java.util.HashSet<>();
    for (Finding x : ws.lint(path)) {
      if (x.where().start() == keyStart) {
        rules.add(x.rule());
        upstream = upstream == null ? x.href() : upstream;
        if (style.diagnosticsInHover() && offset >= x.where().start() && offset <= x.where().end()) {
          x.related().forEach(r -> shown.add(spanKey(r.where())));
        }
      }
    }
    // Under a diagnostic that the client shows in the same box (its sentence says the verdict, its
    // related information lists the facts, its code links the rule's page), the box must still fit
    // without scrolling: what would change the verdict, for which Istio version, with only the facts the
    // diagnostic does not show and that are not Istio's plain defaults. The whole explanation, with its
    // links, is one line lower, anywhere inside the probe's block.
    boolean compact = !shown.isEmpty();
    List<String> lines = new ArrayList<>();
    if (!compact) {
      lines.add(verdictLine(v, o, mesh, m));
    }
    List<String> facts = new ArrayList<>();
    for (Fact<?> fact : decidingFacts(v)) {
      SourceRef at = fact.where() == null ? null : place.apply(fact.where());
      if (at != null && shown.contains(spanKey(at)) || compact && fact.provenance() instanceof Provenance.Default) {
        continue;
      }
      facts.add(m.item(m.text(capitalise(fact.statement())) + " · " + where(fact, m, place)));
    }
    String kindGap = kindGap(v);
    if (kindGap != null) {
      // Right after the rewrite fact: rewriting is on for the pod, but not for this kind of probe.
      facts.add(Math.min(2, facts.size()), m.item(kindGap + " · " + versionSource(mesh)));
    }
    if (!facts.isEmpty()) {
      lines.add(String.join("\n", facts));
    }
    String change = whatWouldChange(v, o, m);
    if (change != null) {
      lines.add(m.bold("What would change it:") + " " + change);
    }
    List<String> links = new ArrayList<>();
    for (String rule : rules) {
      String page = style.rulePage().apply(rule);
      links.add(page != null && m.links() ? m.link("Rule " + rule, page) : "Rule " + m.code(rule));
    }
    links.add(m.webLink("Istio health checks", upstream != null ? upstream : APP_HEALTH_CHECK));
    links.add("Istio " + mesh.version() + " (" + versionSource(mesh) + ")");
    if (compact && change != null) {
      // The diagnostic in the same box links the rule's page (its code), which links Istio's: here the
      // way out ends with the version it was decided for.
      String last = lines.get(lines.size() - 1);
      lines.set(lines.size() - 1, last.substring(0, last.length() - 1) + " (Istio " + mesh.version() + ", " + versionSource(mesh) + ").");
    } else {
      lines.add(String.join(" · ", links));
    }
    return String.join("\n\n", lines) + "\n";
  }

  private static String spanKey(SourceRef r) {
    return r.file() + "@" + r.start() + "-" + r.end();
  }

  /** Why a probe of a pod with rewriting on is still not rewritten (its kind), when that decided it; else null. */
  private static String kindGap(ProbeVerdict v) {
    boolean rewriteConsidered = decidingFacts(v).contains(v.rewrite());
    return rewriteConsidered && v.rewrite().value() && !v.rewritten() && v.kindNotRewritten() != null
        ? capitalise(v.kindNotRewritten()) : null;
  }

  private static String versionSource(MeshModel mesh) {
    var s = mesh.settings().version();
    return s.isConfigured() ? "set in " + s.source() : "the newest";
  }

  private static String verdictLine(ProbeVerdict v, Outcome o, MeshModel mesh, Markup m) {
    Probe p = v.probe();
    String subject = capitalise(p.type().word()) + " probe of " + m.code(p.container().name());
    String port = p.port() == null ? "" : String.valueOf(p.port());
    return switch (o) {
      case EXEC -> "✓ " + m.bold(subject + ": exec") + ", run inside the container; the mesh never sees it.";
      case NO_HANDLER -> m.bold(subject + ": no handler") + " (httpGet, tcpSocket, grpc or exec).";
      case NO_PORT -> "✓ " + m.bold(subject + ": no port") + " to decide on.";
      case PORT_UNRESOLVED -> "✗ " + m.bold(subject + ": port " + m.code(p.portName()) + " is not declared")
          + " in the container's ports, so the kubelet has nothing to call.";
      case NO_SIDECAR -> "✓ " + m.bold(subject + ": no sidecar") + ", the kubelet reaches the app directly.";
      case ALREADY_REWRITTEN -> "✓ " + m.bold(subject + ": calls the sidecar agent") + ", which probes the app inside the pod.";
      case REWRITTEN -> "✓ " + m.bold(subject + ": rewritten by Istio") + " to " + m.code(rewrittenTarget(v, mesh))
          + "; the sidecar agent probes the app.";
      case NOT_CAPTURED -> "✓ " + m.bold(subject + ": bypasses the sidecar") + ", the kubelet reaches port " + port + " directly.";
      case EXEMPT -> "✓ " + m.bold(subject + ": no mTLS on port " + port) + " (a management listener serves it).";
      case ACCEPTS_EVERY_CONNECTION -> "⚠ " + m.bold(subject + ": always passes") + " (Envoy accepts every connection to port "
          + port + ", even with the app down)";
      case REJECTED -> "✗ " + m.bold(subject + ": rejected by the sidecar") + " (STRICT mTLS on port " + port + ", not rewritten)";
      case PLAINTEXT -> "✓ " + m.bold(subject + ": passes today") + " (plaintext through the sidecar; port " + port + " is "
          + v.mtls().mode().value() + ")";
    };
  }

  private static String rewrittenTarget(ProbeVerdict v, MeshModel mesh) {
    Probe p = v.probe();
    return ":" + mesh.statusPort(p.container().pod()) + "/app-health/" + p.container().name() + "/" + p.type().appHealthSuffix();
  }

  private static String whatWouldChange(ProbeVerdict v, Outcome o, Markup m) {
    Integer port = v.probe().port();
    boolean kindRewritten = v.kindNotRewritten() == null;
    return switch (o) {
      case REJECTED -> (kindRewritten ? "probe rewriting for the pod" : "an Istio version that rewrites this kind of probe")
          + ", an exec probe, or port " + port + " PERMISSIVE or excluded from the sidecar.";
      case PLAINTEXT -> "STRICT mTLS on port " + port + " would make the sidecar reject it"
          + (kindRewritten ? "; probe rewriting for the pod keeps it working." : ".");
      case ACCEPTS_EVERY_CONNECTION -> (kindRewritten ? "probe rewriting for the pod" : "probe rewriting (tcpSocket from Istio 1.12)")
          + ", an exec probe that checks the app, or excluding port " + port + " from the sidecar.";
      case REWRITTEN -> v.rewrite().provenance() instanceof Provenance.Default
          ? m.code(MeshModel.REWRITE + ": \"false\"") + " on the pod template would send it through the sidecar."
          : null;
      default -> null;
    };
  }

  /** Where a fact comes from: its location in the workspace, else the configuration, an assumption or Istio's default. */
  private String where(Fact<?> fact, Markup m, UnaryOperator<SourceRef> place) {
    SourceRef at = fact.where() == null ? null : place.apply(fact.where());
    if (at != null) {
      String location = location(at);
      return m.link(location, target(at));
    }
    if (fact.provenance() instanceof Provenance.Configured c) {
      return "set in " + m.text(c.source());
    }
    return fact.isAssumed() ? "assumed" : "Istio default";
  }

  /** A location as a person reads it: the path relative to its workspace folder, and the line. */
  private String location(SourceRef at) {
    Path p = Path.of(at.file());
    Path root = ws.layout().rootOf(p);
    String shown = (root != null ? root.relativize(p) : p.getFileName()).toString().replace('\\', '/');
    Position pos = position(at);
    return pos == null ? shown : shown + ":" + (pos.line() + 1);
  }

  /** A link target that opens the file at the fact's line and column. */
  private String target(SourceRef at) {
    Position pos = position(at);
    String uri = Path.of(at.file()).toUri().toString();
    return pos == null ? uri : uri + "#L" + (pos.line() + 1) + "," + (pos.character() + 1);
  }

  private Position position(SourceRef at) {
    FileState other = ws.file(Path.of(at.file()));
    return other == null || other.source == null ? null : other.source.position(at.start());
  }

  // ---- annotations

  private String annotation(Resource r, YEntry e, MeshModel mesh, Markup m) {
    String key = e.keyText();
    String value = e.value() == null || e.value().text() == null ? "" : e.value().text();
    Workload w = Workload.of(r);
    StringBuilder out = new StringBuilder(m.bold(m.code(key + ": \"" + value + "\""))).append("\n\n");
    if (w == null) {
      out.append("On this ").append(r.kind()).append(", Istio reads no pod annotations.\n");
      return out.toString();
    }
    boolean onTemplate = w.kind().isPod() || (w.pod().metadata() != null && isWithin(w.pod().metadata(), e));
    if (!onTemplate && !key.equals(Suppressions.ANNOTATION)) {
      out.append("This sits on the ").append(w.display())
          .append(" itself: Istio only reads it from the pod template, so it has no effect here.\n");
      return out.toString();
    }
    switch (key) {
      case MeshModel.REWRITE -> out.append(m.text(capitalise(mesh.rewrite(w.pod()).statement()))).append('.');
      case MeshModel.INJECT -> out.append(m.text(capitalise(mesh.sidecar(w.pod()).statement()))).append('.');
      case MeshModel.EXCLUDE_INBOUND, MeshModel.INCLUDE_INBOUND, MeshModel.INTERCEPTION_MODE -> {
        out.append("Ports the sidecar intercepts for this pod's probes:\n\n");
        for (var c : w.pod().containers()) {
          for (Probe p : c.probes()) {
            if (p.port() != null) {
              out.append(m.item(capitalise(p.type().word()) + " probe of " + m.code(c.name()) + ": "
                  + m.text(mesh.captured(w.pod(), p.port()).statement()))).append('\n');
            }
          }
        }
      }
      case MeshModel.STATUS_PORT -> out.append("The sidecar agent's status port is ").append(mesh.statusPort(w.pod()))
          .append(" for this pod; rewritten probes call it.");
      default -> out.append("Sidecar for this pod: ").append(m.text(mesh.sidecar(w.pod()).statement())).append('.');
    }
    out.append("\n\n").append(m.webLink("Istio resource annotations", ANNOTATIONS)).append('\n');
    return out.toString();
  }

  private static boolean isWithin(dev.meshprobe.yaml.YMapping map, YEntry e) {
    return e.key().start() >= map.start() && e.key().end() <= map.end();
  }

  // ---- PeerAuthentication

  /** How many ports a PeerAuthentication hover lists: a hover is read at a glance. */
  static final int HOVER_PORTS = 10;

  private String peerAuthentication(PeerAuthenticationPolicy pa, MeshModel mesh, Markup m) {
    StringBuilder out = new StringBuilder(m.bold(pa.display())).append(": ");
    out.append(switch (pa.scope(mesh.rootNamespace())) {
      case MESH -> "mesh-wide (root namespace " + m.code(mesh.rootNamespace()) + ", no selector)";
      case NAMESPACE -> pa.resource().namespaceAssumed()
          ? "namespace-wide for its namespace (none set: " + m.code(pa.namespace()) + " is assumed, shared only with the namespace-less"
              + " files of its folder and below; state it with " + m.code("defaultNamespace") + " or " + m.code("contexts:") + ")"
          : "namespace-wide for " + m.code(pa.namespace());
      case WORKLOAD -> "for workloads labelled " + pa.selector();
    }).append(", mode ").append(pa.mode()).append(".\n\n");
    if (!mesh.version().atLeast(5)) {
      out.append("Istio ").append(mesh.version()).append(" has no PeerAuthentication API; this object has no effect.\n");
      return out.toString();
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
            lines.add(m.item(w.display() + ", container " + m.code(c.name()) + ", port " + port + probes + ": " + d.mode().value()));
            if (lines.size() > HOVER_PORTS) {
              break walk;
            }
          }
        }
      }
    }
    if (lines.isEmpty()) {
      out.append("It decides the mode of no container port in the workspace.\n");
    } else {
      out.append("Ports in the workspace whose mode it decides:\n\n");
      lines.stream().limit(HOVER_PORTS).forEach(l -> out.append(l).append('\n'));
      if (lines.size() > HOVER_PORTS) {
        out.append(m.item("… and more")).append('\n');
      }
    }
    out.append('\n').append(m.webLink("PeerAuthentication reference", PEER_AUTHENTICATION)).append('\n');
    return out.toString();
  }

  // ---- inlay hints

  /** One hint at the end of each probe handler's line: what the kubelet will actually reach. */
  public List<Hint> hints(Path path) {
    FileState f = ws.file(path);
    List<Hint> out = new ArrayList<>();
    if (f == null || f.source == null || f.source.text() == null) {
      return out;
    }
    MeshModel mesh = ws.meshModel(path);
    SourceText text = f.source;
    for (Probe p : ProbeAt.probes(f)) {
      ProbeVerdict v = mesh.verdict(p);
      String label = hintLabel(v, mesh);
      if (label == null) {
        continue;
      }
      Resource r = p.container().pod().workload().resource();
      var handlerEntry = p.node().entry(p.handler().key());
      int at = r.ref(handlerEntry.key()).start();
      int line = text.lines().lineOf(at);
      int end = text.lines().lineEnd(text.text(), line);
      out.add(new Hint(end, label, tooltip(v, mesh, ref -> ref)));
    }
    out.addAll(contextHints(path, text));
    return out;
  }

  /**
   * The hints of probes Helm releases and Kustomize entries rendered with their handler written in this
   * file (a template, a base, a values file): one per handler line, the first context's label where they
   * agree, else the first that fails; the tooltip names each context's verdict.
   */
  private List<Hint> contextHints(Path path, SourceText text) {
    Map<Integer, List<String[]>> byLine = new java.util.TreeMap<>();
    for (RenderedContexts.PlacedProbe p : ws.contexts().probesIn(path)) {
      if (p.handlerKey() == null) {
        continue;
      }
      MeshModel mesh = p.model().mesh;
      ProbeVerdict v = mesh.verdict(p.probe().probe());
      String label = hintLabel(v, mesh);
      if (label != null) {
        int line = text.lines().lineOf(Math.min(p.handlerKey().start(), text.length()));
        String tip = tooltip(v, mesh, ref -> ws.contexts().placedNow(p.context(), p.model(), ref));
        byLine.computeIfAbsent(line, k -> new ArrayList<>()).add(new String[] {label, tip, p.context().name()});
      }
    }
    List<Hint> out = new ArrayList<>();
    boolean several = ws.contexts().contextsOf(path).size() > 1;
    for (Map.Entry<Integer, List<String[]>> e : byLine.entrySet()) {
      List<String[]> all = e.getValue();
      String[] shown = all.stream().filter(h -> !h[0].startsWith("✓") && !h[0].startsWith("→")).findFirst().orElse(all.get(0));
      StringBuilder tip = new StringBuilder();
      for (String[] h : all) {
        tip.append(tip.length() == 0 ? "" : "\n").append(several ? "In " + h[2] + ": " : "").append(h[1]);
      }
      out.add(new Hint(text.lines().lineEnd(text.text(), e.getKey()), shown[0], tip.toString()));
    }
    return out;
  }

  /** The hint's label: at most {@link #HINT_MAX} characters, so that no editor cuts it; null for no hint. */
  static String hintLabel(ProbeVerdict v, MeshModel mesh) {
    Probe p = v.probe();
    return switch (Outcome.of(v)) {
      case EXEC, NO_HANDLER, NO_PORT -> null;
      case PORT_UNRESOLVED -> "✗ port name not declared";
      case NO_SIDECAR -> "✓ no sidecar";
      case ALREADY_REWRITTEN -> "✓ calls the sidecar agent";
      case REWRITTEN -> {
        String full = "→ " + rewrittenTarget(v, mesh);
        yield full.length() <= HINT_MAX ? full : "→ :" + mesh.statusPort(p.container().pod()) + " (rewritten)";
      }
      case NOT_CAPTURED -> mesh.isSidecarPort(p.container().pod(), p.port()) ? "✓ sidecar's own port"
          : excluded(p) ? "✓ port excluded" : "✓ port not intercepted";
      case EXEMPT -> "✓ no mTLS on this port";
      case ACCEPTS_EVERY_CONNECTION -> "⚠ Envoy answers, not the app";
      case REJECTED -> v.kindNotRewritten() == null ? "✗ STRICT, no rewrite" : "✗ STRICT, kind not rewritten";
      case PLAINTEXT -> "→ plaintext (" + v.mtls().mode().value() + ")";
    };
  }

  /** True when the pod's {@code excludeInboundPorts} lists the probe's port. */
  private static boolean excluded(Probe p) {
    String exclude = p.container().pod().annotations().get(MeshModel.EXCLUDE_INBOUND);
    if (exclude == null || p.port() == null) {
      return false;
    }
    for (String s : exclude.split(",")) {
      if (s.trim().equals(String.valueOf(p.port()))) {
        return true;
      }
    }
    return false;
  }

  /** The hint's tooltip, plain text: the verdict, then the facts that decided this probe with their locations. */
  private String tooltip(ProbeVerdict v, MeshModel mesh, UnaryOperator<SourceRef> place) {
    Markup m = Markup.PLAIN;
    StringBuilder out = new StringBuilder(verdictLine(v, Outcome.of(v), mesh, m));
    for (Fact<?> fact : decidingFacts(v)) {
      out.append('\n').append(m.item(m.text(capitalise(fact.statement())) + " (" + where(fact, m, place) + ")"));
    }
    String kindGap = kindGap(v);
    if (kindGap != null) {
      out.append('\n').append(m.item(kindGap));
    }
    return out.toString();
  }

  // ---- rule pages

  /** The rule's documentation page, bundled in the jar; null for an unknown rule. */
  public static String rulePage(String rule) {
    return RULE_PAGES.computeIfAbsent(rule, r -> readRulePage(r)).orElse(null);
  }

  /** The bundled rule pages, read from the jar once each. */
  private static final Map<String, Optional<String>> RULE_PAGES = new ConcurrentHashMap<>();

  private static Optional<String> readRulePage(String rule) {
    if (Rules.byId(rule) == null) {
      return Optional.empty();
    }
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
