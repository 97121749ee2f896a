package dev.meshprobe.mesh;

import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.Labels;
import dev.meshprobe.k8s.PodTemplate;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.k8s.ProbeType;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.TemplateParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides, as Istio would, what happens to each probe (DESIGN §1): whether a sidecar is injected,
 * whether the injector rewrites the probe, whether the sidecar captures its port, and which mTLS mode
 * the sidecar enforces there. Every answer is a {@link Fact} that says where it came from.
 *
 * <p>Where an object is defined more than once (alternatives, DESIGN §9), one model decides with one
 * definition of each: the first, unless the model was made for another {@linkplain #alternatives
 * choice}; a model made for a choice names the definitions it chose, so that a finding can say which
 * one breaks the probe.
 */
public final class MeshModel {
  public static final String INJECT = "sidecar.istio.io/inject";
  public static final String REWRITE = "sidecar.istio.io/rewriteAppHTTPProbers";
  public static final String TEMPLATES = "inject.istio.io/templates";
  public static final String STATUS_PORT = "status.sidecar.istio.io/port";
  public static final String EXCLUDE_INBOUND = "traffic.sidecar.istio.io/excludeInboundPorts";
  public static final String INCLUDE_INBOUND = "traffic.sidecar.istio.io/includeInboundPorts";
  public static final String INTERCEPTION_MODE = "sidecar.istio.io/interceptionMode";
  public static final int DEFAULT_STATUS_PORT = 15020;

  /** Namespaces Istio's injection webhooks never select (the istiod chart excludes them). */
  private static final Set<String> NEVER_INJECTED = Set.of("kube-system", "kube-public", "kube-node-lease", "local-path-storage");

  /** Ports of the sidecar itself: the agent's status port, the health port and the Prometheus port. */
  private static final Set<Integer> SIDECAR_PORTS = Set.of(15020, 15021, 15090);

  /** At most this many combinations of alternatives are decided for one workload; beyond, one group varies at a time. */
  private static final int MAX_COMBINATIONS = 16;

  private final MeshIndex index;
  private final MeshSettings settings;
  /** The definition chosen for each object defined more than once that this model was made for; empty: the first of each. */
  private final Map<ObjectIdentity, Resource> choice;

  public MeshModel(MeshIndex index, MeshSettings settings) {
    this(index, settings, Map.of());
  }

  private MeshModel(MeshIndex index, MeshSettings settings, Map<ObjectIdentity, Resource> choice) {
    this.index = index;
    this.settings = settings;
    this.choice = choice;
  }

  public MeshIndex index() {
    return index;
  }

  public MeshSettings settings() {
    return settings;
  }

  public IstioVersion version() {
    return settings.istio();
  }

  public String rootNamespace() {
    return settings.rootNamespace().value();
  }

  public ProbeVerdict verdict(Probe probe) {
    PodTemplate pod = probe.container().pod();
    Fact<Boolean> sidecar = sidecar(pod);
    boolean alreadyRewritten = alreadyRewritten(probe);
    Fact<Boolean> rewrite = rewrite(pod);
    String kindGap = kindNotRewritten(probe);
    Integer port = probe.port();
    Fact<Boolean> captured = port == null ? null : captured(pod, port);
    MtlsDecision mtls = port == null ? null : mtls(pod.workload(), port);
    return new ProbeVerdict(probe, version(), sidecar, alreadyRewritten, rewrite, rewrite.value() ? null : rewriteOff(pod, rewrite),
        kindGap, captured, mtls);
  }

  // ---- Alternatives: objects defined more than once

  /**
   * The models to decide {@code w} with, one per combination of the definitions of the objects defined
   * more than once that can decide something for it (its Namespace, the PeerAuthentications and legacy
   * policies that reach it, install-wide settings); empty when there are none, and the model decides
   * alone. Each model names what it chose ({@link #alternative()}).
   */
  public List<MeshModel> alternatives(Workload w) {
    if (index.alternatives().isEmpty()) {
      return List.of();
    }
    List<List<Resource>> relevant = new ArrayList<>();
    for (List<Resource> group : index.alternatives()) {
      if (decidesFor(group, w)) {
        relevant.add(group);
      }
    }
    if (relevant.isEmpty()) {
      return List.of();
    }
    long combinations = 1;
    for (List<Resource> group : relevant) {
      combinations = Math.min(Long.MAX_VALUE / 64, combinations * group.size());
    }
    List<Map<ObjectIdentity, Resource>> choices = new ArrayList<>();
    if (combinations <= MAX_COMBINATIONS) {
      choices.add(new LinkedHashMap<>());
      for (List<Resource> group : relevant) {
        List<Map<ObjectIdentity, Resource>> next = new ArrayList<>();
        for (Map<ObjectIdentity, Resource> partial : choices) {
          for (Resource r : group) {
            Map<ObjectIdentity, Resource> c = new LinkedHashMap<>(partial);
            c.put(index.alternativeIdentity(r), r);
            next.add(c);
          }
        }
        choices = next;
      }
    } else {
      // Too many combinations: the first definition of each, and each other definition with the first of the rest.
      Map<ObjectIdentity, Resource> first = new LinkedHashMap<>();
      relevant.forEach(g -> first.put(index.alternativeIdentity(g.get(0)), g.get(0)));
      choices.add(first);
      for (List<Resource> group : relevant) {
        for (Resource r : group.subList(1, group.size())) {
          Map<ObjectIdentity, Resource> c = new LinkedHashMap<>(first);
          c.put(index.alternativeIdentity(r), r);
          choices.add(c);
        }
      }
    }
    List<MeshModel> out = new ArrayList<>(choices.size());
    for (Map<ObjectIdentity, Resource> c : choices) {
      out.add(new MeshModel(index, settings, Map.copyOf(c)));
    }
    return out;
  }

  /** True when some definition of {@code group} can decide something for {@code w}. */
  private boolean decidesFor(List<Resource> group, Workload w) {
    for (Resource r : group) {
      if (!visible(r, w.resource())) {
        continue;
      }
      if (r.is("", "Namespace")) {
        if (!w.resource().namespaceAssumed() && r.name().equals(w.namespace())) {
          return true;
        }
      } else if (PeerAuthenticationPolicy.isPeerAuthentication(r)) {
        PeerAuthenticationPolicy pa = PeerAuthenticationPolicy.of(r);
        if (served(r) && (pa.selector() == null && pa.inRootNamespace(rootNamespace()) || r.reachesNamespaceOf(w.resource()))) {
          return true;
        }
      } else if (LegacyPolicy.isLegacy(r)) {
        if (version().atMost(5) && ("MeshPolicy".equals(r.kind()) || r.reachesNamespaceOf(w.resource()))) {
          return true;
        }
      } else if (index.installRewrites().stream().anyMatch(s -> s.from() == r) || index.meshAuthPolicies().stream().anyMatch(s -> s.from() == r)) {
        return true;
      }
    }
    return false;
  }

  /** What this model chose among alternatives, as the short names of the chosen definitions; null for the default model. */
  public String alternative() {
    if (choice.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    choice.values().forEach(r -> names.add(index.label(r)));
    return String.join(" and ", names);
  }

  /** True when {@code r} is in force for this model: the only definition of its object, or the one chosen. */
  private boolean chosen(Resource r) {
    ObjectIdentity id = index.alternativeIdentity(r);
    if (id == null) {
      return true;
    }
    Resource c = choice.get(id);
    return c != null ? c == r : index.definitionsOf(id).get(0) == r;
  }

  /** How facts name an object: as messages do, with its file when this model chose it among alternatives. */
  private String named(Resource r, String display) {
    return choice.isEmpty() || index.alternativeIdentity(r) == null ? display : display + " of " + index.label(r);
  }

  /**
   * True when what {@code from} says can apply to {@code subject}: both in one context, or {@code from}
   * in the plain context, whose cluster-wide objects apply to every context (DESIGN §9).
   */
  private static boolean visible(Resource from, Resource subject) {
    String context = from.namespaceSource().context();
    return context == null || context.equals(subject.namespaceSource().context());
  }

  /** True when the target Istio version serves this security object's apiVersion (else the API server rejects it). */
  private boolean served(Resource r) {
    return IstioApis.unserved(r, version()) == null;
  }

  // ---- Step 1: is a sidecar injected?

  /**
   * Sidecar presence, following the injector's webhook selectors and {@code injectRequired} in
   * istio/istio pkg/kube/inject/inject.go: the pod label {@code sidecar.istio.io/inject} wins over the
   * annotation of that name; an annotation other than y/yes/true/on disables injection; a namespace
   * label {@code istio-injection} other than {@code enabled} excludes the namespace.
   */
  public Fact<Boolean> sidecar(PodTemplate pod) {
    Workload w = pod.workload();
    String ns = w.namespace();
    boolean nsAssumed = w.resource().namespaceAssumed();
    if (pod.hostNetwork()) {
      return Fact.seen(false, "the pod uses hostNetwork: true, where Istio injects no sidecar",
          w.resource().ref(pod.spec().entry("hostNetwork").key()));
    }
    if (!nsAssumed && NEVER_INJECTED.contains(ns)) {
      return Fact.byDefault(false, "Istio's injection webhook never selects namespace " + ns);
    }
    String podLabel = known(pod.labels().get(INJECT));
    if ("false".equals(podLabel)) {
      return Fact.seen(false, "pod label " + INJECT + ": \"false\" turns injection off", podLabelRef(pod, INJECT));
    }
    String annotation = known(pod.annotations().get(INJECT));
    if (podLabel == null && annotation != null && !annotation.isEmpty() && !isYes(annotation)) {
      return Fact.seen(false, "pod annotation " + INJECT + ": \"" + annotation + "\" turns injection off", annotationRef(pod, INJECT));
    }
    // A namespace that is only assumed is unknown: no Namespace object and no declared namespace is its.
    Resource namespace = nsAssumed ? null : namespaceObject(w);
    Map<String, String> nsLabels = namespace != null ? namespace.labels() : nsAssumed ? null : settings.declaredNamespaces().get(ns);
    String nsInjection = nsLabels == null ? null : nsLabels.get("istio-injection");
    if (nsInjection != null && !"enabled".equals(nsInjection)) {
      return namespaceFact(false, namespace, ns, "istio-injection", "namespace " + ns + " has istio-injection: " + nsInjection
          + ", so nothing in it is injected");
    }
    if (pod.hasIstioProxy()) {
      return Fact.seen(true, "the pod already has the istio-proxy sidecar container",
          w.resource().ref(pod.spec().entry(pod.spec().entry("containers") != null ? "containers" : "initContainers").key()));
    }
    if ("enabled".equals(nsInjection)) {
      return namespaceFact(true, namespace, ns, "istio-injection", "namespace " + ns + " has istio-injection: enabled");
    }
    if (nsLabels != null && nsLabels.containsKey("istio.io/rev")) {
      return namespaceFact(true, namespace, ns, "istio.io/rev", "namespace " + ns + " has the revision label istio.io/rev: "
          + nsLabels.get("istio.io/rev"));
    }
    if (pod.labels().containsKey("istio.io/rev")) {
      return Fact.seen(true, "pod label istio.io/rev: " + pod.labels().get("istio.io/rev") + " selects the pod for injection",
          podLabelRef(pod, "istio.io/rev"));
    }
    if ("true".equals(podLabel)) {
      return Fact.seen(true, "pod label " + INJECT + ": \"true\" selects the pod for injection", podLabelRef(pod, INJECT));
    }
    String ambient = "istio.io/dataplane-mode";
    if ("ambient".equals(pod.labels().get(ambient))) {
      return Fact.seen(false, "the pod is in ambient mode (" + ambient + ": ambient), which runs no sidecar", podLabelRef(pod, ambient));
    }
    if (nsLabels != null && "ambient".equals(nsLabels.get(ambient))) {
      return namespaceFact(false, namespace, ns, ambient, "namespace " + ns + " is in ambient mode (" + ambient
          + ": ambient), which runs no sidecar");
    }
    if (nsLabels != null) {
      return namespaceFact(false, namespace, ns, null, "namespace " + ns
          + " has no injection label and nothing selects the pod, so no sidecar is injected");
    }
    boolean assume = settings.assumeInjected().value();
    String reason = nsAssumed ? "no namespace is set for the pod" : "namespace " + ns + " is not in the workspace";
    String how = settings.assumeInjected().isConfigured()
        ? "mesh.injection in " + settings.assumeInjected().source()
        : nsAssumed ? "set defaultNamespace or contexts:, or mesh.injection" : "declare it under namespaces:, or set mesh.injection";
    return Fact.assumed(assume, reason + ", so a sidecar is assumed " + (assume ? "to be injected" : "not to be injected") + " (" + how + ")",
        reason);
  }

  /** The Namespace object of a workload's (stated) namespace in force for this model, or null. */
  private Resource namespaceObject(Workload w) {
    for (Resource n : index.namespaces(w.namespace())) {
      if (visible(n, w.resource()) && chosen(n)) {
        return n;
      }
    }
    return null;
  }

  /** A label or annotation value, or null when it is absent or a template parameter not filled in yet. */
  private static String known(String value) {
    return value == null || TemplateParameters.holdsParameter(value) ? null : value;
  }

  private static boolean isYes(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "y", "yes", "true", "on" -> true;
      default -> false;
    };
  }

  private Fact<Boolean> namespaceFact(boolean value, Resource namespace, String ns, String label, String statement) {
    if (namespace == null) {
      return Fact.configured(value, statement + " (namespaces: in the configuration)", "the configuration's namespaces");
    }
    var node = label == null ? null : MeshIndex.labelNode(namespace, label);
    SourceRef ref = node != null ? namespace.ref(node) : namespace.nameRef();
    String display = named(namespace, "namespace " + ns);
    return Fact.seen(value, display.equals("namespace " + ns) ? statement : statement.replaceFirst("namespace " + java.util.regex.Pattern.quote(ns),
        java.util.regex.Matcher.quoteReplacement(display)), ref);
  }

  private static SourceRef podLabelRef(PodTemplate pod, String key) {
    return entryRef(pod, pod.labelsNode(), key);
  }

  private static SourceRef annotationRef(PodTemplate pod, String key) {
    return entryRef(pod, pod.annotationsNode(), key);
  }

  private static SourceRef entryRef(PodTemplate pod, YMapping m, String key) {
    YEntry e = m == null ? null : m.entry(key);
    Resource r = pod.workload().resource();
    return e == null ? r.ref(pod.node()) : r.ref(e.key());
  }

  // ---- Step 2: already rewritten?

  /** A probe that already calls the sidecar agent's status port at {@code /app-health/...} was rewritten by the injector. */
  public boolean alreadyRewritten(Probe probe) {
    if (probe.handler() != ProbeHandler.HTTP_GET || probe.port() == null) {
      return false;
    }
    String path = probe.path();
    return probe.port() == statusPort(probe.container().pod()) && path != null && path.startsWith("/app-health/");
  }

  /** The sidecar agent's status port: the {@code status.sidecar.istio.io/port} annotation, else 15020. */
  public int statusPort(PodTemplate pod) {
    String v = pod.annotations().get(STATUS_PORT);
    if (v != null) {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        return DEFAULT_STATUS_PORT;
      }
    }
    return DEFAULT_STATUS_PORT;
  }

  // ---- Step 3: is rewriting on for the pod?

  /**
   * Whether the injector rewrites this pod's probes: the pod annotation (a Go boolean), else the
   * install-wide value, else the version's default (istio.io app-health-check: on by default since 1.7,
   * and in istioctl's 1.6 profiles; off in 1.1–1.5; absent before 1.1). The {@code grpc-agent} and
   * {@code grpc-simple} templates (proxyless gRPC) turn it off whatever the annotation says.
   */
  public Fact<Boolean> rewrite(PodTemplate pod) {
    IstioVersion v = version();
    if (v.atMost(0)) {
      return Fact.byDefault(false, "Istio " + v + " has no probe rewriting");
    }
    String templates = pod.annotations().get(TEMPLATES);
    if (templates != null) {
      for (String t : templates.split(",")) {
        String name = t.trim();
        if (name.equals("grpc-agent") || name.equals("grpc-simple")) {
          return Fact.seen(false, "the " + name + " injection template (" + TEMPLATES + ") turns probe rewriting off",
              annotationRef(pod, TEMPLATES));
        }
      }
    }
    String annotation = pod.annotations().get(REWRITE);
    Boolean parsed = GoBool.parse(annotation);
    if (parsed != null) {
      return Fact.seen(parsed, "probe rewriting is " + onOff(parsed) + " for this pod (" + REWRITE + ": \"" + annotation + "\")",
          annotationRef(pod, REWRITE));
    }
    Fact<Boolean> install = installRewrite(pod.workload().resource());
    if (install != null) {
      return new Fact<>(install.value(), "probe rewriting is " + onOff(install.value()) + " install-wide ("
          + install.statement() + ")", install.provenance());
    }
    Setting<Boolean> configured = settings.rewriteAppHTTPProbe();
    if (configured.value() != null) {
      return Fact.configured(configured.value(), "probe rewriting is " + onOff(configured.value())
          + " install-wide (istio.rewriteAppHTTPProbe: " + configured.value() + " in " + configured.source() + ")",
          configured.source());
    }
    boolean on = v.atLeast(6);
    return Fact.byDefault(on, on ? "Istio " + v + " rewrites probes by default"
        : "Istio " + v + " does not rewrite probes by default");
  }

  /** The install-wide rewrite value in force for {@code subject}: the first seen of those visible and chosen, or null. */
  private Fact<Boolean> installRewrite(Resource subject) {
    for (MeshIndex.Sourced<Boolean> s : index.installRewrites()) {
      if (visible(s.from(), subject) && chosen(s.from())) {
        Fact<Boolean> f = s.fact();
        return index.alternativeIdentity(s.from()) == null || choice.isEmpty() ? f
            : new Fact<>(f.value(), f.statement() + " (" + index.label(s.from()) + ")", f.provenance());
      }
    }
    return null;
  }

  /** Why rewriting is off for the pod, as a short clause for messages (the fact says the rest). */
  private String rewriteOff(PodTemplate pod, Fact<Boolean> rewrite) {
    IstioVersion v = version();
    if (v.atMost(0)) {
      return "Istio " + v + " has no probe rewriting";
    }
    if (rewrite.provenance() instanceof Provenance.Default) {
      return "Istio " + v + " does not rewrite probes by default";
    }
    String statement = rewrite.statement();
    if (statement.contains(TEMPLATES)) {
      return statement.substring(0, statement.indexOf(" injection template")) + " template turns probe rewriting off";
    }
    return statement.startsWith("probe rewriting is off for this pod") ? "probe rewriting is off for this pod" : "probe rewriting is off install-wide";
  }

  private static String onOff(boolean b) {
    return b ? "on" : "off";
  }

  // ---- Step 4: does this version rewrite this kind of probe?

  /**
   * Null when the target version rewrites this kind of probe, else why not: HTTP liveness/readiness
   * from 1.1, HTTPS from 1.2, startup probes from 1.7, tcpSocket from 1.12, gRPC from 1.13, probes of
   * native-sidecar init containers from 1.19. exec probes never go through the sidecar.
   */
  public String kindNotRewritten(Probe p) {
    IstioVersion v = version();
    if (p.handler() == ProbeHandler.EXEC || p.handler() == ProbeHandler.NONE) {
      return "exec probes are not rewritten";
    }
    if (v.atMost(0)) {
      return "Istio " + v + " has no probe rewriting";
    }
    if (p.handler() == ProbeHandler.TCP_SOCKET && !v.atLeast(12)) {
      return "Istio " + v + " does not rewrite tcpSocket probes (1.12 does)";
    }
    if (p.handler() == ProbeHandler.GRPC && !v.atLeast(13)) {
      return "Istio " + v + " does not rewrite gRPC probes (1.13 does)";
    }
    if (p.isHttps() && !v.atLeast(2)) {
      return "Istio " + v + " does not rewrite HTTPS probes (1.2 does)";
    }
    if (p.type() == ProbeType.STARTUP && !v.atLeast(7)) {
      return "Istio " + v + " does not rewrite startup probes (1.7 does)";
    }
    if (p.container().isInit() && !v.atLeast(19)) {
      return "Istio " + v + " does not rewrite probes of init containers (1.19 does)";
    }
    return null;
  }

  // ---- Step 5: does the sidecar capture the port?

  /**
   * Whether inbound traffic to {@code port} goes through the sidecar: not for a proxyless gRPC pod, whose
   * templates add no Envoy and no capture; not with {@code sidecar.istio.io/interceptionMode: NONE}; not
   * for the sidecar's own ports, not when {@code traffic.sidecar.istio.io/excludeInboundPorts} lists it,
   * and not when {@code includeInboundPorts} is set to a list (possibly empty) without it; otherwise, from
   * Istio 1.3, every inbound port ({@code includeInboundPorts: "*"}), and up to 1.2 only the ports the
   * pod's containers declare.
   */
  public Fact<Boolean> captured(PodTemplate pod, int port) {
    String proxyless = proxylessTemplate(pod);
    if (proxyless != null) {
      return Fact.seen(false, "the " + proxyless + " injection template runs no Envoy and captures no traffic, so nothing intercepts port " + port,
          annotationRef(pod, TEMPLATES));
    }
    // The injection template adds the istio-init container (the iptables redirection) only
    // {{ if ne (annotation .ObjectMeta `sidecar.istio.io/interceptionMode` .ProxyConfig.InterceptionMode) `NONE` }}
    // (istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml; the
    // injector accepts NONE per pod, pkg/kube/inject/validate.go validateInterceptionMode). Without it no
    // inbound connection is redirected to Envoy: the kubelet reaches the app's port directly. The value is
    // compared as the template compares it, case and all.
    if ("NONE".equals(pod.annotations().get(INTERCEPTION_MODE))) {
      return Fact.seen(false, INTERCEPTION_MODE + ": \"NONE\" leaves out istio-init and its iptables rules, so nothing redirects port "
          + port + " to the sidecar", annotationRef(pod, INTERCEPTION_MODE));
    }
    if (isSidecarPort(pod, port)) {
      return Fact.byDefault(false, "port " + port + " belongs to the sidecar itself and is not intercepted");
    }
    String exclude = pod.annotations().get(EXCLUDE_INBOUND);
    if (exclude != null && portList(exclude).contains(String.valueOf(port))) {
      return Fact.seen(false, "port " + port + " is excluded from the sidecar (" + EXCLUDE_INBOUND + ": \"" + exclude + "\")",
          annotationRef(pod, EXCLUDE_INBOUND));
    }
    String include = pod.annotations().get(INCLUDE_INBOUND);
    if (include != null && !include.trim().equals("*")) {
      List<String> ports = portList(include);
      if (!ports.contains(String.valueOf(port)) && !ports.contains("*")) {
        return Fact.seen(false, "port " + port + " is not among the intercepted ports (" + INCLUDE_INBOUND + ": \"" + include + "\")",
            annotationRef(pod, INCLUDE_INBOUND));
      }
      return Fact.seen(true, "the sidecar intercepts port " + port + " (" + INCLUDE_INBOUND + ": \"" + include + "\")",
          annotationRef(pod, INCLUDE_INBOUND));
    }
    if (include == null && version().atMost(2)) {
      // Up to 1.2 the template's default for includeInboundPorts was the pod's declared container ports
      // ((includeInboundPorts .Spec.Containers) in the 1.0-1.2 injector templates); 1.3 made it "*"
      // (istio.io 1.3 upgrade notes: "Istio now captures all ports by default"; istio/istio#15834).
      boolean declared = declaresPort(pod, port);
      IstioVersion v = version();
      return Fact.byDefault(declared, declared
          ? "Istio " + v + " intercepts the ports the pod's containers declare, port " + port + " among them"
          : "Istio " + v + " intercepts only the ports the pod's containers declare (all ports from 1.3), and port " + port + " is not one");
    }
    return Fact.byDefault(true, "the sidecar intercepts inbound port " + port + ", as Istio does every inbound port by default");
  }

  /** True for the sidecar's own ports (the agent's status port, health and Prometheus ports), which Istio never intercepts. */
  public boolean isSidecarPort(PodTemplate pod, int port) {
    return SIDECAR_PORTS.contains(port) || port == statusPort(pod);
  }

  /** True when an app container of the pod (not an init container) declares {@code port} under {@code ports}. */
  private static boolean declaresPort(PodTemplate pod, int port) {
    for (Container c : pod.containers()) {
      if (c.isInit()) {
        continue;
      }
      for (Container.Port p : c.ports()) {
        if (p.number() == port) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The proxyless gRPC template the pod is injected with ({@code grpc-agent} or {@code grpc-simple}),
   * unless the {@code sidecar} template is also asked for; null otherwise. Istio's grpc-agent template
   * adds the istio-agent without Envoy and grpc-simple only a bootstrap init container; neither adds
   * the istio-init iptables rules (istio/istio manifests/charts/istio-control/istio-discovery/files/
   * grpc-agent.yaml, grpc-simple.yaml; istio.io blog "gRPC Proxyless Service Mesh", 2021), so inbound
   * connections reach the application directly.
   */
  private static String proxylessTemplate(PodTemplate pod) {
    String templates = pod.annotations().get(TEMPLATES);
    if (templates == null) {
      return null;
    }
    String proxyless = null;
    for (String t : templates.split(",")) {
      String name = t.trim();
      if (name.equals("sidecar")) {
        return null;
      }
      if (name.equals("grpc-agent") || name.equals("grpc-simple")) {
        proxyless = name;
      }
    }
    return proxyless;
  }

  private static List<String> portList(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      String t = s.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  // ---- Step 6: the mTLS mode at the port

  public MtlsDecision mtls(Workload w, int port) {
    IstioVersion v = version();
    PodTemplate pod = w.pod();
    Fact<Boolean> management = v.atMost(6) ? managementListener(w, port) : null;
    if (v.atLeast(5)) {
      MtlsDecision beta = peerAuthentication(w, port, management);
      if (beta != null || v.atLeast(6)) {
        return beta != null ? beta : fallback(management).withSetAside(setAside(w, port));
      }
    }
    return legacy(w, pod, port, management);
  }

  private MtlsDecision fallback(Fact<Boolean> management) {
    Fact<MtlsMode> base = meshDefault();
    return new MtlsDecision(base, decidedByDisplay(base, null), List.of(base), management);
  }

  /** The mode where no policy is visible: {@code mesh.mtls} when configured, else Istio's default PERMISSIVE. */
  private Fact<MtlsMode> meshDefault() {
    Setting<MtlsMode> s = settings.mtls();
    if (s.isConfigured()) {
      return Fact.configured(s.value(), "no mesh-wide policy in the workspace; mesh.mtls sets " + s.value() + " (" + s.source() + ")",
          s.source());
    }
    return Fact.byDefault(s.value(), "no mesh-wide policy in the workspace, so Istio's default " + s.value() + " applies");
  }

  /**
   * PeerAuthentication (Istio ≥1.5): mesh scope (root namespace, no selector) → namespace scope → the
   * workload selector → {@code portLevelMtls} for the container port; UNSET inherits. Selector
   * policies in the root namespace are ignored. Returns null when no PeerAuthentication applies.
   *
   * <p>A policy decides for a workload only where the files say they share a namespace (DESIGN §1): a
   * namespace-less policy for the namespace-less workloads of its folder and below, never for a workload
   * that names its namespace. Of two namespace-less policies for one scope, the one of the nearest
   * folder is the one applied with the workload (applied from the same folder, or alone).
   */
  private MtlsDecision peerAuthentication(Workload w, int port, Fact<Boolean> management) {
    String root = rootNamespace();
    Resource subject = w.resource();
    boolean inRoot = !subject.namespaceAssumed() && w.namespace().equals(root);
    PeerAuthenticationPolicy mesh = null;
    PeerAuthenticationPolicy namespace = null;
    PeerAuthenticationPolicy workload = null;
    for (PeerAuthenticationPolicy pa : index.peerAuthentications()) {
      Resource r = pa.resource();
      if (!served(r) || !chosen(r) || !visible(r, subject)) {
        continue;
      }
      if (pa.selector() == null) {
        if (pa.inRootNamespace(root)) {
          if (mesh == null) {
            mesh = pa;
          }
        } else if (!inRoot && r.reachesNamespaceOf(subject) && (namespace == null || nearer(pa, namespace))) {
          namespace = pa;
        }
      } else if (!pa.inRootNamespace(root) && r.reachesNamespaceOf(subject) && Labels.selects(pa.selector(), w.pod().labels())
          && (workload == null || nearer(pa, workload))) {
        workload = pa;
      }
    }
    if (mesh == null && namespace == null && workload == null) {
      return null;
    }
    List<Fact<MtlsMode>> layers = new ArrayList<>();
    Fact<MtlsMode> effective;
    String decidedBy;
    if (mesh != null) {
      Fact<MtlsMode> f = policyFact(mesh, mesh.mode(), "for the whole mesh", subject);
      layers.add(f);
      effective = mesh.mode() == MtlsMode.UNSET ? meshDefault() : f;
      decidedBy = mesh.mode() == MtlsMode.UNSET ? null : display(mesh);
      if (mesh.mode() == MtlsMode.UNSET) {
        layers.add(effective);
      }
    } else {
      effective = meshDefault();
      decidedBy = null;
      layers.add(effective);
    }
    if (namespace != null) {
      Fact<MtlsMode> f = policyFact(namespace, namespace.mode(), namespace.resource().namespaceAssumed() ? "for its namespace"
          : "for namespace " + namespace.namespace(), subject);
      layers.add(f);
      if (namespace.mode() != MtlsMode.UNSET) {
        effective = f;
        decidedBy = display(namespace);
      }
    }
    if (workload != null) {
      Fact<MtlsMode> f = policyFact(workload, workload.mode(), "for this workload", subject);
      layers.add(f);
      if (workload.mode() != MtlsMode.UNSET) {
        effective = f;
        decidedBy = display(workload);
      }
      MtlsMode portMode = workload.portLevel().get(port);
      if (portMode != null) {
        Fact<MtlsMode> pf = policySeen(workload, portMode, display(workload) + " sets portLevelMtls " + portMode + " for port " + port,
            workload.resource().ref(workload.portLevelEntry().key()), subject);
        layers.add(pf);
        if (portMode != MtlsMode.UNSET) {
          effective = pf;
          decidedBy = display(workload);
        }
      }
    }
    MtlsDecision decision = new MtlsDecision(effective, decidedBy == null ? decidedByDisplay(effective, null) : decidedBy, layers, management);
    return namespace == null && workload == null && effective.value() != MtlsMode.STRICT ? decision.withSetAside(setAside(w, port)) : decision;
  }

  /**
   * A STRICT PeerAuthentication the folder rule kept from deciding for {@code w} (DESIGN §1), though a
   * user may well apply it to {@code w}'s namespace: in {@code w}'s folder or a folder above it (applied
   * together), either namespace-less while {@code w} names its namespace (a course applies the folder
   * with {@code kubectl apply -n hello-istio}), or naming the namespace a namespace-less {@code w} is
   * only assumed to be in. A policy of an unrelated folder (another sample of a monorepo) is not named.
   * Its namespace-wide or workload-scope mode would override the mesh-wide one. The verdict stays as
   * decided; the fact says what was set aside and how to make it count.
   */
  private MtlsDecision.SetAside setAside(Workload w, int port) {
    Resource subject = w.resource();
    for (PeerAuthenticationPolicy pa : index.peerAuthentications()) {
      Resource r = pa.resource();
      if (!served(r) || !chosen(r) || !visible(r, subject) || pa.inRootNamespace(rootNamespace()) || r.reachesNamespaceOf(subject)) {
        continue;
      }
      if (pa.selector() != null && !Labels.selects(pa.selector(), w.pod().labels())) {
        continue;
      }
      MtlsMode mode = pa.selector() != null && pa.portLevel().containsKey(port) ? pa.portLevel().get(port) : pa.mode();
      if (mode != MtlsMode.STRICT) {
        continue;
      }
      SourceRef ref = pa.modeNode() != null ? r.ref(pa.modeNode()) : r.nameRef();
      String name = r.name();
      if (r.namespaceAssumed() && !subject.namespaceAssumed() && r.namespaceSource().inFolderOf(subject.namespaceSource())) {
        return new MtlsDecision.SetAside(Fact.seen(MtlsMode.STRICT, pa.display() + " sets STRICT, not taken for " + w.namespace()
            + ": state its namespace, or set defaultNamespace or contexts:", ref), name);
      }
      if (!r.namespaceAssumed() && subject.namespaceAssumed() && r.namespace().equals(subject.namespace())
          && r.namespaceSource().inFolderOf(subject.namespaceSource())) {
        return new MtlsDecision.SetAside(Fact.seen(MtlsMode.STRICT, pa.display() + " sets STRICT for " + r.namespace()
            + ", which this workload is only assumed to be in: set defaultNamespace or contexts:", ref), name);
      }
    }
    return null;
  }

  /** True when both policies' namespaces are assumed and {@code a}'s folder is below {@code b}'s: nearer the workload. */
  private static boolean nearer(PeerAuthenticationPolicy a, PeerAuthenticationPolicy b) {
    var sa = a.resource().namespaceSource();
    var sb = b.resource().namespaceSource();
    return sa.isAssumed() && sb.isAssumed() && sa.folder().length() > sb.folder().length();
  }

  private String display(PeerAuthenticationPolicy pa) {
    return named(pa.resource(), pa.display());
  }

  private Fact<MtlsMode> policyFact(PeerAuthenticationPolicy pa, MtlsMode mode, String scope, Resource subject) {
    Resource r = pa.resource();
    SourceRef ref = pa.modeNode() != null ? r.ref(pa.modeNode()) : r.nameRef();
    String what = mode == MtlsMode.UNSET ? "leaves the mode UNSET (inherited)" : "sets " + mode;
    return policySeen(pa, mode, display(pa) + " " + what + " " + scope, ref, subject);
  }

  /** A policy's fact; one that reaches the workload only through an assumed namespace applies under that assumption. */
  private static Fact<MtlsMode> policySeen(PeerAuthenticationPolicy pa, MtlsMode mode, String statement, SourceRef ref, Resource subject) {
    return pa.resource().namespaceAssumed() && subject.namespaceAssumed()
        ? Fact.seenAssuming(mode, statement, ref, "this workload shares its namespace (neither file names one; state it with defaultNamespace or contexts:)")
        : Fact.seen(mode, statement, ref);
  }

  private String decidedByDisplay(Fact<MtlsMode> f, String policy) {
    if (policy != null) {
      return policy;
    }
    return f.provenance() instanceof Provenance.Configured c ? "mesh.mtls in " + c.source() : "Istio's default";
  }

  /**
   * The v1alpha1 API (Istio ≤1.5): MeshPolicy {@code default}, then the namespace's Policy
   * {@code default} without targets, then a Policy targeting a Service that selects the pod on a port
   * that reaches the probe's container port. Up to Istio 1.0 the mesh config's {@code authPolicy:
   * MUTUAL_TLS} sits below them all.
   */
  private MtlsDecision legacy(Workload w, PodTemplate pod, int port, Fact<Boolean> management) {
    List<Fact<MtlsMode>> layers = new ArrayList<>();
    Fact<MtlsMode> effective = meshDefault();
    String decidedBy = decidedByDisplay(effective, null);
    Resource subject = w.resource();
    Fact<Boolean> authPolicy = null;
    for (MeshIndex.Sourced<Boolean> s : index.meshAuthPolicies()) {
      if (authPolicy == null && visible(s.from(), subject) && chosen(s.from())) {
        authPolicy = s.fact();
      }
    }
    if (version().atMost(0) && authPolicy != null) {
      effective = new Fact<>(MtlsMode.STRICT, authPolicy.statement(), authPolicy.provenance());
      decidedBy = "mesh config authPolicy: MUTUAL_TLS";
    }
    layers.add(effective);
    LegacyPolicy meshPolicy = null;
    LegacyPolicy nsPolicy = null;
    LegacyPolicy targeted = null;
    for (LegacyPolicy p : index.legacyPolicies()) {
      Resource r = p.resource();
      if (!chosen(r) || !visible(r, subject)) {
        continue;
      }
      if (p.meshPolicy()) {
        if ("default".equals(r.name()) && meshPolicy == null) {
          meshPolicy = p;
        }
      } else if (r.reachesNamespaceOf(subject)) {
        if (p.targets().isEmpty()) {
          if ("default".equals(r.name()) && nsPolicy == null) {
            nsPolicy = p;
          }
        } else if (targeted == null && targets(p, w, port)) {
          targeted = p;
        }
      }
    }
    for (LegacyPolicy p : new LegacyPolicy[] {meshPolicy, nsPolicy, targeted}) {
      if (p != null) {
        SourceRef ref = p.resource().nameRef();
        String display = named(p.resource(), p.display());
        String statement = display + " makes peers " + (p.peersMode() == MtlsMode.DISABLE ? "use no mTLS" : p.peersMode().toString())
            + (p == targeted ? " on the Service port that reaches port " + port : "");
        effective = !p.meshPolicy() && p.resource().namespaceAssumed() && subject.namespaceAssumed()
            ? Fact.seenAssuming(p.peersMode(), statement, ref, "this workload shares its namespace (neither file names one; state it with defaultNamespace or contexts:)")
            : Fact.seen(p.peersMode(), statement, ref);
        decidedBy = display;
        layers.add(effective);
      }
    }
    MtlsDecision decision = new MtlsDecision(effective, decidedBy, layers, management);
    // From 1.5 a STRICT PeerAuthentication would override a mesh-wide legacy mode or the default.
    return nsPolicy == null && targeted == null && effective.value() != MtlsMode.STRICT ? decision.withSetAside(setAside(w, port)) : decision;
  }

  private boolean targets(LegacyPolicy p, Workload w, int port) {
    for (LegacyPolicy.Target t : p.targets()) {
      for (ServiceInfo s : index.services(w.namespace())) {
        if (!s.resource().name().equals(t.service()) || !s.selects(w)) {
          continue;
        }
        for (ServiceInfo.ServicePort sp : s.ports()) {
          if (reaches(sp, w.pod(), port) && (t.ports().isEmpty() || t.ports().stream().anyMatch(
              ps -> (ps.number() != null && ps.number().equals(sp.port())) || (ps.name() != null && ps.name().equals(sp.name()))))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** True when the service port's target (a number, a container port name, or the port itself) is {@code port}. */
  private static boolean reaches(ServiceInfo.ServicePort sp, PodTemplate pod, int port) {
    if (sp.targetNumber() != null) {
      return sp.targetNumber() == port;
    }
    if (sp.targetName() != null) {
      for (Container c : pod.containers()) {
        Integer n = c.portNamed(sp.targetName());
        if (n != null) {
          return n == port;
        }
      }
      return false;
    }
    return sp.port() != null && sp.port() == port;
  }

  /**
   * Up to Istio 1.6, the sidecar built inbound listeners only for ports that a Service targets; any
   * other port was served by a management listener without mTLS. Only decided when visible Services
   * select the pod: without one this exemption is not assumed.
   */
  private Fact<Boolean> managementListener(Workload w, int port) {
    List<ServiceInfo> selecting = new ArrayList<>();
    for (ServiceInfo s : index.services(w.namespace())) {
      if (s.selects(w) && visible(s.resource(), w.resource())) {
        selecting.add(s);
      }
    }
    if (selecting.isEmpty()) {
      return null;
    }
    for (ServiceInfo s : selecting) {
      for (ServiceInfo.ServicePort sp : s.ports()) {
        if (reaches(sp, w.pod(), port)) {
          return null;
        }
      }
    }
    Resource svc = selecting.get(0).resource();
    return Fact.seen(true, "no Service selecting the pod targets port " + port + " (" + svc.display()
        + " does not), so Istio " + version() + " serves it through a management listener without mTLS", svc.ref(svc.node().entry("kind").value()));
  }
}
