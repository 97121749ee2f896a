package dev.meshprobe.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
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
 * and access to every workload, for the questions that need the pods a policy selects.
 */
public final class MeshIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AUTH_POLICY_MUTUAL_TLS = Pattern.compile("(?m)^\\s*authPolicy\\s*:\\s*[\"']?MUTUAL_TLS\\b");

  private final Map<String, Resource> namespaces = new LinkedHashMap<>();
  private final List<PeerAuthenticationPolicy> peerAuthentications = new ArrayList<>();
  private final List<LegacyPolicy> legacyPolicies = new ArrayList<>();
  private final Map<String, List<ServiceInfo>> servicesByNamespace = new HashMap<>();
  private Supplier<List<Workload>> workloads;
  private Function<String, Iterable<Workload>> workloadsIn;
  /** Services not read yet: the index reads them on the first question about Services. */
  private Supplier<? extends Iterable<Resource>> lazyServices;
  private Fact<Boolean> installRewrite;
  private Fact<Boolean> meshAuthPolicyMutualTls;

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
   * the index itself.
   */
  public static MeshIndex build(Iterable<Resource> resources, Supplier<? extends Iterable<Resource>> services,
      Supplier<List<Workload>> workloads, Function<String, Iterable<Workload>> workloadsIn) {
    MeshIndex index = new MeshIndex();
    for (Resource r : resources) {
      index.add(r);
    }
    index.lazyServices = services;
    index.workloads = workloads;
    index.workloadsIn = workloadsIn;
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
    if (r.is("", "Namespace") && r.metadata() != null) {
      namespaces.putIfAbsent(r.name(), r);
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

  /** An IstioOperator sets the injector's install-wide default at {@code values.sidecarInjectorWebhook.rewriteAppHTTPProbe}. */
  private void readIstioOperator(Resource r) {
    YMapping spec = r.node().mapping("spec");
    YMapping values = spec == null ? null : spec.mapping("values");
    YMapping webhook = values == null ? null : values.mapping("sidecarInjectorWebhook");
    YEntry e = webhook == null ? null : webhook.entry("rewriteAppHTTPProbe");
    Boolean v = e == null || e.value() == null ? null : GoBool.parse(e.value().text());
    if (v != null && installRewrite == null) {
      installRewrite = Fact.seen(v, "IstioOperator " + r.namespace() + "/" + r.name()
          + " sets `sidecarInjectorWebhook.rewriteAppHTTPProbe: " + v + "`", r.ref(e.key()));
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
    if (name.startsWith("istio-sidecar-injector") && installRewrite == null) {
      YEntry values = data.entry("values");
      String json = values == null || values.value() == null ? null : values.value().text();
      Boolean v = injectorValuesRewrite(json);
      if (v != null) {
        installRewrite = Fact.seen(v, "ConfigMap " + r.namespace() + "/" + name
            + " (the injector's values) sets `sidecarInjectorWebhook.rewriteAppHTTPProbe: " + v + "`", r.ref(values.key()));
      }
    } else if (name.equals("istio") && meshAuthPolicyMutualTls == null) {
      YEntry mesh = data.entry("mesh");
      String text = mesh == null || mesh.value() == null ? null : mesh.value().text();
      if (text != null && AUTH_POLICY_MUTUAL_TLS.matcher(text).find()) {
        meshAuthPolicyMutualTls = Fact.seen(true, "the mesh config (ConfigMap " + r.namespace()
            + "/istio) sets `authPolicy: MUTUAL_TLS`", r.ref(mesh.key()));
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

  public Resource namespace(String name) {
    return namespaces.get(name);
  }

  public Map<String, Resource> namespaces() {
    return namespaces;
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

  /** The install-wide rewrite value seen in the workspace, or null. */
  public Fact<Boolean> installRewrite() {
    return installRewrite;
  }

  /** The mesh config's {@code authPolicy: MUTUAL_TLS} seen in the workspace, or null. */
  public Fact<Boolean> meshAuthPolicyMutualTls() {
    return meshAuthPolicyMutualTls;
  }

  /** The YAML node of a namespace's label, or null. */
  public static YNode labelNode(Resource r, String label) {
    YMapping md = r.metadata();
    YMapping labels = md == null ? null : md.mapping("labels");
    YEntry e = labels == null ? null : labels.entry(label);
    return e == null ? null : e.key();
  }
}
