package dev.meshprobe.k8s;

import java.util.Set;

/**
 * What makes two definitions one object to the API server: API group, kind, namespace and name, in one
 * deployment context (DESIGN §9, alternatives). The version is not part of it: {@code v1beta1} and
 * {@code v1} of a PeerAuthentication are the same stored object. For a namespace that is only assumed,
 * the folder it is shared in counts too ({@code assumedIn}, null for a stated namespace): namespace-less
 * objects of two unrelated folders may be applied to two namespaces. Cluster-scoped kinds have no
 * namespace at all.
 */
public record ObjectIdentity(String context, String group, String kind, String namespace, String assumedIn, String name) {
  /**
   * Kubernetes' and Istio's cluster-scoped kinds that a repository holds. A kind not listed is taken as
   * namespaced, so namespace-less definitions in unrelated folders are never taken for one object.
   */
  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "Namespace", "Node", "PersistentVolume", "StorageClass", "PriorityClass", "RuntimeClass", "IngressClass",
      "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "CSIDriver", "VolumeAttachment",
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
      "ValidatingAdmissionPolicyBinding", "PodSecurityPolicy", "ClusterIssuer", "MeshPolicy", "ClusterRbacConfig");

  /**
   * The identity of a resource, or null when it has no kind or no name (an object the API server cannot
   * store), or when its name or namespace is a parameter filled in later (an OpenShift Template's
   * {@code ${APPLICATION_NAME}}, a Flux post-build {@code ${app_name}}): such a value is unknown, and two
   * unknown names are not known to be one object.
   */
  public static ObjectIdentity of(Resource r) {
    String name = r.metadata() == null ? null : r.metadata().string("name");
    if (r.kind() == null || name == null || name.isEmpty() || TemplateParameters.holdsParameter(name)
        || TemplateParameters.holdsParameter(r.metadata().string("namespace"))) {
      return null;
    }
    String group = r.group() == null ? "" : r.group();
    String context = r.namespaceSource().context();
    if (isClusterScoped(r.kind())) {
      return new ObjectIdentity(context, group, r.kind(), null, null, name);
    }
    NamespaceSource ns = r.namespaceSource();
    return new ObjectIdentity(context, group, r.kind(), r.namespace(), ns.isAssumed() ? ns.folder() : null, name);
  }

  public static boolean isClusterScoped(String kind) {
    return CLUSTER_SCOPED.contains(kind);
  }

  /** {@code Kind namespace/name}, or {@code Kind name} for a cluster-scoped kind. */
  public String display() {
    return namespace == null ? kind + " " + name : kind + " " + namespace + "/" + name;
  }
}
