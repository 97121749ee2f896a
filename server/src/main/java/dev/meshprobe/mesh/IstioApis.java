package dev.meshprobe.mesh;

import dev.meshprobe.k8s.Resource;

/**
 * Which apiVersions Istio serves for the security kinds that set mTLS modes, so that an object under
 * another one, which the API server rejects, is never taken as a policy in force:
 *
 * <ul>
 *   <li>{@code PeerAuthentication}: {@code security.istio.io/v1beta1} from Istio 1.5, and
 *       {@code security.istio.io/v1} from Istio 1.22, when the security APIs were promoted to v1
 *       (istio.io, "Introducing Istio v1 APIs", https://istio.io/latest/blog/2024/v1-apis/);
 *   <li>{@code MeshPolicy} and {@code Policy}: {@code authentication.istio.io/v1alpha1} only, the API
 *       Istio 1.6 removed (legacy-mtls-policy-ignored reports that removal).
 * </ul>
 *
 * A {@code Policy} of a group outside Istio's ({@code kyverno.io}) is some other project's kind.
 */
public final class IstioApis {
  public static final String SECURITY = "security.istio.io";
  public static final String AUTHENTICATION = "authentication.istio.io";
  public static final String LEGACY_VERSION = AUTHENTICATION + "/v1alpha1";
  private static final int PEER_AUTHENTICATION_SINCE = 5;
  private static final int V1_SINCE = 22;

  private IstioApis() {}

  /** True for a PeerAuthentication, MeshPolicy or Policy under an Istio API group. */
  public static boolean isSecurityKind(Resource r) {
    String kind = r.kind();
    String group = r.group();
    return group != null && (group.equals("istio.io") || group.endsWith(".istio.io"))
        && ("PeerAuthentication".equals(kind) || "MeshPolicy".equals(kind) || "Policy".equals(kind));
  }

  /**
   * Why Istio {@code version} serves no such object, as a short clause ("security.istio.io/v1beta1
   * serves no MeshPolicy"); null when it serves it, or when it is not an Istio security kind.
   */
  public static String unserved(Resource r, IstioVersion version) {
    if (!isSecurityKind(r)) {
      return null;
    }
    String apiVersion = r.apiVersion();
    if ("PeerAuthentication".equals(r.kind())) {
      if (!apiVersion.equals(SECURITY + "/v1beta1") && !apiVersion.equals(SECURITY + "/v1")) {
        return apiVersion + " serves no PeerAuthentication";
      }
      if (!version.atLeast(PEER_AUTHENTICATION_SINCE)) {
        return "Istio " + version + " has no PeerAuthentication (1.5 added it)";
      }
      return apiVersion.endsWith("/v1") && !version.atLeast(V1_SINCE)
          ? "Istio " + version + " serves it as v1beta1 only (1.22 added v1)" : null;
    }
    if (apiVersion.equals(LEGACY_VERSION)) {
      return null;
    }
    return r.group().equals(AUTHENTICATION) ? AUTHENTICATION + " served v1alpha1 only" : apiVersion + " serves no " + r.kind();
  }
}
