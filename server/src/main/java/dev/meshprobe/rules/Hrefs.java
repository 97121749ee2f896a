package dev.meshprobe.rules;

/** Upstream pages that document the behaviour rules rely on. */
final class Hrefs {
  static final String APP_HEALTH_CHECK = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/";
  static final String PEER_AUTHENTICATION = "https://istio.io/latest/docs/reference/config/security/peer_authentication/";
  static final String ANNOTATIONS = "https://istio.io/latest/docs/reference/config/annotations/";
  static final String RESOURCE_ANNOTATIONS = "https://istio.io/latest/docs/reference/config/annotations/#SidecarStatusPort";
  static final String AUTHN_POLICY = "https://istio.io/latest/docs/tasks/security/authentication/authn-policy/";
  static final String K8S_PROBES = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/";
  static final String YAML_SPEC = "https://yaml.org/spec/1.2.2/";
  static final String YAML_MAPPING = "https://yaml.org/spec/1.2.2/#mapping";

  private Hrefs() {}
}
