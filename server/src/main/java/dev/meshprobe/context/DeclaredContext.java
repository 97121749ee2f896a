package dev.meshprobe.context;

import dev.meshprobe.mesh.IstioVersion;
import java.util.List;

/**
 * A deployment context declared in {@code contexts:}: a name, the path globs of its files (relative to
 * the folder the discovery is given), the namespace of its namespace-less objects and the Istio version
 * it runs. A file in a declared context is decided there only (DESIGN §9).
 *
 * @param namespace null when not set
 * @param istio null when not set (the configured or newest version applies)
 */
public record DeclaredContext(String name, List<String> paths, String namespace, IstioVersion istio, String source) {
  public DeclaredContext {
    paths = List.copyOf(paths);
  }
}
