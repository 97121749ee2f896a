package dev.meshprobe.mesh;

import java.util.Map;

/**
 * What the configuration tells the mesh model (DESIGN §4): the target Istio version, the root
 * namespace, the install-wide rewrite value, the assumed mTLS mode and injection for what the workspace
 * does not show, and namespaces declared in configuration (name to labels).
 */
public record MeshSettings(
    Setting<IstioVersion> version,
    Setting<String> rootNamespace,
    Setting<Boolean> rewriteAppHTTPProbe,
    Setting<MtlsMode> mtls,
    Setting<Boolean> assumeInjected,
    Map<String, Map<String, String>> declaredNamespaces) {

  public static final MeshSettings DEFAULT = new MeshSettings(
      Setting.ofDefault(IstioVersion.NEWEST),
      Setting.ofDefault("istio-system"),
      Setting.ofDefault(null),
      Setting.ofDefault(MtlsMode.PERMISSIVE),
      Setting.ofDefault(true),
      Map.of());

  public MeshSettings {
    declaredNamespaces = Map.copyOf(declaredNamespaces);
  }

  public IstioVersion istio() {
    return version.value();
  }
}
