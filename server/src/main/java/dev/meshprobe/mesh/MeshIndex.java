package dev.meshprobe.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.k8s.ObjectIdentity;
import dev.meshprobe.k8s.PathLabels;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The mesh facts of a whole workspace, in workspace order: namespaces, PeerAuthentications, legacy
 * policies, Services, the install-wide probe-rewrite value and the mesh config's {@code authPolicy};
 * the objects that are defined more than once (alternatives, DESIGN §9), each with a short name for
 * its definitions; and access to every workload, for the questions that need the pods a policy selects.
 */
public final class MeshIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AUTH_POLICY_MUTUAL_TLS = Pattern.compile("(?m)^\\s*authPolicy\\s*:\\s*[\"']?MUTUAL_TLS\\b");

  /** A fact and the object it was read from, so that a model can tell whether that object is in force for it. */
  public record Sourced<T>(Resource from, Fact<T> fact) {}

  private final Map<String, List<Resource>> namespaces = new LinkedHashMap<>();
  private final List<PeerAuthenticationPolicy> peerAuthentications = new ArrayList<>();
  private final List<LegacyPolicy> legacyPolicies = new ArrayList<>();
  private final Map<String, List<ServiceInfo>> servicesByNamespace = new HashMap<>();
  private final List<Sourced<Boolean>> installRewrites = new ArrayList<>();
  private final List<Sourced<Boolean>> meshAuthPolicies = new ArrayList<>();
  private final Map<ObjectIdentity, List<Resource>> definitions = new LinkedHashMap<>();
  /** The groups of {@link #definitions} with more than one definition, and each definition's short name. */
  private final List<List<Resource>> alternatives = new ArrayList<>();
  private final Map<Resource, ObjectIdentity> alternativeOf = new IdentityHashMap<>();
  private final Map<Resource, String> labels = new IdentityHashMap<>();
  private Supplier<List<Workload>> workloads;
  private Function<String, Iterable<Workload>> workloadsIn;
  /** Services not read yet: the index reads them on the first question about Services. */
  private Supplier<? extends Iterable<Resource>> lazyServices;
  private Supplier<? extends Iterable<List<Definition>>> definedTwice;
  private Function<String, List<List<Definition>>> definedTwiceIn;

  /**
   * One definition of an object the workspace holds more than once: its identity, where its name is,
   * how messages name it, its file, and a digest of what in it can decide a verdict ({@code content}:
   * two definitions with equal digests decide alike, so which one is applied changes nothing). Kept
   * without the object's tree, so that a workspace of thousands of closed files can list them.
   */
  public record Definition(ObjectIdentity identity, String apiVersion, String namespace, SourceRef nameRef, String file,
      boolean namespaceAssumed, long content) {
    /** How messages name the object, as {@link Resource#display()} does. */
    public String display() {
      return identity.kind() + " " + (identity.namespace() == null ? identity.name()
          : namespaceAssumed ? identity.name() + " (no namespace)" : identity.namespace() + "/" + identity.name());
    }
  }

  /**
   * Builds the index from the mesh-relevant resources other than Services, in workspace order (earlier
   * files win where Istio keeps one).
   *
   * <p>The Services come from {@code services} (every Service of the workspace, in workspace order),
   * read on the first call of {@link #services(String)}: only the legacy mTLS API and the management
   * listeners of Istio 1.6 and older ask about Services, so a workspace of thousands of them need not
   * hold them otherwise. The caller drops the index when a Service changes, so what the supplier gives
   * is what it would have given at build time.
   *
   * <p>{@code workloads} supplies every workload of the workspace, and {@code workloadsIn} those of one
   * namespace in workspace order (as {@code workloads} filtered would, but without deriving every
   * workload), when a question needs them; they change with nearly every edit, so they are not part of
   * the index itself. {@code definedTwice} supplies, in the same way, the definitions of every object
   * the workspace defines more than once (workloads and mesh-relevant objects alike), and
   * {@code definedTwiceIn} those of one file's objects.
   */
  public static MeshIndex build(Iterable<Resource> resources, Supplier<? extends Iterable<Resource>> services,
      Supplier<List<Workload>> workloads, Function<String, Iterable<Workload>> workloadsIn,
      Supplier<? extends Iterable<List<Definition>>> definedTwice) {
    return build(resources, services, workloads, workloadsIn, definedTwice, file -> {
      List<List<Definition>> out = new java.util.ArrayList<>();
      for (List<Definition> group : definedTwice.get()) {
        if (group.stream().anyMatch(d -> d.file().equals(file))) {
          out.add(group);
        }
      }
      return out;
    });
  }

  /** As above, with {@code definedTwiceIn} answering for one file without grouping the whole workspace. */
  public static MeshIndex build(Iterable<Resource> resources, Supplier<? extends Iterable<Resource>> services,
      Supplier<List<Workload>> workloads, Function<String, Iterable<Workload>> workloadsIn,
      Supplier<? extends Iterable<List<Definition>>> definedTwice, Function<String, List<List<Definition>>> definedTwiceIn) {
    MeshIndex index = new MeshIndex();
    for (Resource r : resources) {
      index.add(r);
    }
    index.groupAlternatives();
    index.lazyServices = services;
    index.workloads = workloads;
    index.workloadsIn = workloadsIn;
    index.definedTwice = definedTwice;
    index.definedTwiceIn = definedTwiceIn;
    return index;
  }

  /** The kinds this index reads; of ConfigMaps, only Istio's own ({@link #isMeshRelevant}). */
  public static final Set<String> RELEVANT_KINDS =
      Set.of("Namespace", "Service", "PeerAuthentication", "Policy", "MeshPolicy", "IstioOperator", "ConfigMap");

  /** True for the kinds this index reads; other resources never change mesh facts. */
  public static boolean isMeshRelevant(Resource r) {
    String kind = r.kind();
    if (kind == null || !RELEVANT_KINDS.contains(kind)) {
      return false;
    }
    // Only Istio's own ConfigMaps hold mesh facts; an edit in any other leaves the index as it is.
    return !kind.equals("ConfigMap") || isIstioConfigMap(r.name());
  }

  private void add(Resource r) {
    ObjectIdentity id = ServiceInfo.isService(r) ? null : ObjectIdentity.of(r);
    if (id != null) {
      definitions.computeIfAbsent(id, k -> new ArrayList<>(1)).add(r);
    }
    if (r.is("", "Namespace") && r.metadata() != null) {
      namespaces.computeIfAbsent(r.name(), k -> new ArrayList<>(1)).add(r);
    } else if (PeerAuthenticationPolicy.isPeerAuthentication(r)) {
      peerAuthentications.add(PeerAuthenticationPolicy.of(r));
    } else if (LegacyPolicy.isLegacy(r)) {
      legacyPolicies.add(LegacyPolicy.of(r));
    } else if (ServiceInfo.isService(r)) {
      servicesByNamespace.computeIfAbsent(r.namespace(), k -> new ArrayList<>()).add(ServiceInfo.of(r));
    } else if ("IstioOperator".equals(r.kind()) && "install.istio.io".equals(r.group())) {
      readIstioOperator(r);
    } else if (r.is("", "ConfigMap")) {
      readConfigMap(r);
    }
  }

  private void groupAlternatives() {
    for (List<Resource> group : definitions.values()) {
      if (group.size() > 1) {
        alternatives.add(List.copyOf(group));
        List<String> names = PathLabels.of(group);
        for (int i = 0; i < group.size(); i++) {
          alternativeOf.put(group.get(i), ObjectIdentity.of(group.get(i)));
          labels.put(group.get(i), names.get(i));
        }
      }
    }
  }

  /** An IstioOperator sets the injector's install-wide default at {@code values.sidecarInjectorWebhook.rewriteAppHTTPProbe}. */
  private void readIstioOperator(Resource r) {
    YMapping spec = r.node().mapping("spec");
    YMapping values = spec == null ? null : spec.mapping("values");
    YMapping webhook = values == null ? null : values.mapping("sidecarInjectorWebhook");
    YEntry e = webhook == null ? null : webhook.entry("rewriteAppHTTPProbe");
    Boolean v = e == null || e.value() == null ? null : GoBool.parse(e.value().text());
    if (v != null) {
      installRewrites.add(new Sourced<>(r, Fact.seen(v, "IstioOperator " + r.name() + " sets sidecarInjectorWebhook.rewriteAppHTTPProbe: " + v,
          r.ref(e.key()))));
    }
  }

  private static boolean isIstioConfigMap(String name) {
    return name.equals("istio") || name.startsWith("istio-sidecar-injector");
  }

  private void readConfigMap(Resource r) {
    YMapping data = r.node().mapping("data");
    if (data == null || r.metadata() == null) {
      return;
    }
    String name = r.name();
    if (name.startsWith("istio-sidecar-injector")) {
      YEntry values = data.entry("values");
      String json = values == null || values.value() == null ? null : values.value().text();
      Boolean v = injectorValuesRewrite(json);
      if (v != null) {
        installRewrites.add(new Sourced<>(r, Fact.seen(v, "ConfigMap " + name
            + " (the injector's values) sets sidecarInjectorWebhook.rewriteAppHTTPProbe: " + v, r.ref(values.key()))));
      }
    } else if (name.equals("istio")) {
      YEntry mesh = data.entry("mesh");
      String text = mesh == null || mesh.value() == null ? null : mesh.value().text();
      if (text != null && AUTH_POLICY_MUTUAL_TLS.matcher(text).find()) {
        meshAuthPolicies.add(new Sourced<>(r, Fact.seen(true, "the mesh config (ConfigMap istio) sets authPolicy: MUTUAL_TLS", r.ref(mesh.key()))));
      }
    }
  }

  private static Boolean injectorValuesRewrite(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode v = JSON.readTree(json).path("sidecarInjectorWebhook").path("rewriteAppHTTPProbe");
      return v.isBoolean() ? v.booleanValue() : v.isTextual() ? GoBool.parse(v.textValue()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Every Namespace object named {@code name}, in workspace order (several when it is defined more than once). */
  public List<Resource> namespaces(String name) {
    return namespaces.getOrDefault(name, List.of());
  }

  /** The first Namespace object of each name. */
  public Map<String, Resource> namespaces() {
    Map<String, Resource> first = new LinkedHashMap<>();
    namespaces.forEach((name, list) -> first.put(name, list.get(0)));
    return first;
  }

  public List<PeerAuthenticationPolicy> peerAuthentications() {
    return peerAuthentications;
  }

  public List<LegacyPolicy> legacyPolicies() {
    return legacyPolicies;
  }

  public List<ServiceInfo> services(String namespace) {
    if (lazyServices != null) {
      Supplier<? extends Iterable<Resource>> pending = lazyServices;
      lazyServices = null;
      for (Resource r : pending.get()) {
        if (ServiceInfo.isService(r)) {
          add(r);
        }
      }
    }
    return servicesByNamespace.getOrDefault(namespace, List.of());
  }

  /** Every workload of the workspace. */
  public List<Workload> workloads() {
    return workloads.get();
  }

  /** The workloads of {@code namespace}, in workspace order. */
  public Iterable<Workload> workloads(String namespace) {
    return workloadsIn.apply(namespace);
  }

  /** The install-wide rewrite values seen in the workspace, in workspace order. */
  public List<Sourced<Boolean>> installRewrites() {
    return installRewrites;
  }

  /** The mesh configs seen in the workspace that set {@code authPolicy: MUTUAL_TLS}, in workspace order. */
  public List<Sourced<Boolean>> meshAuthPolicies() {
    return meshAuthPolicies;
  }

  /** The mesh-relevant objects (other than Services) defined more than once, each group in workspace order. */
  public List<List<Resource>> alternatives() {
    return alternatives;
  }

  /** The identity of a definition of an object defined more than once, or null when {@code r} is the only one. */
  public ObjectIdentity alternativeIdentity(Resource r) {
    return alternativeOf.get(r);
  }

  /** The definitions of {@code id}, in workspace order, when it is defined more than once; else empty. */
  public List<Resource> definitionsOf(ObjectIdentity id) {
    List<Resource> group = definitions.get(id);
    return group == null || group.size() < 2 ? List.of() : group;
  }

  /** The short name of a definition among the others of its object ({@code strict.yaml}), or null. */
  public String label(Resource r) {
    return labels.get(r);
  }

  /** The definitions of every object (workload or mesh-relevant) the workspace defines more than once. */
  public Iterable<List<Definition>> definedTwice() {
    return definedTwice == null ? List.of() : definedTwice.get();
  }

  /** Of {@link #definedTwice()}, the groups with a definition in {@code file}. */
  public List<List<Definition>> definedTwiceIn(String file) {
    return definedTwiceIn == null ? List.of() : definedTwiceIn.apply(file);
  }

  /** The YAML node of a namespace's label, or null. */
  public static YNode labelNode(Resource r, String label) {
    YMapping md = r.metadata();
    YMapping labels = md == null ? null : md.mapping("labels");
    YEntry e = labels == null ? null : labels.entry(label);
    return e == null ? null : e.key();
  }
}
