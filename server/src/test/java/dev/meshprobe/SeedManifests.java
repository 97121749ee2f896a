package dev.meshprobe;

/**
 * The seed case as tests write it: namespace `shop` with injection, a STRICT PeerAuthentication for
 * it, and a Deployment whose httpGet liveness probe is not rewritten, so Meshprobe reports it.
 */
public final class SeedManifests {
  public static final String NAMESPACE = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          istio-injection: enabled
      """;
  public static final String STRICT = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: shop
      spec:
        mtls:
          mode: STRICT
      """;
  /** The namespace and the policy in one file. */
  public static final String MESH = NAMESPACE + "---\n" + STRICT;
  public static final String WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        template:
          metadata:
            annotations:
              sidecar.istio.io/rewriteAppHTTPProbers: "false"
          spec:
            containers:
              - name: web
                image: web:1
                livenessProbe:
                  httpGet:
                    path: /healthz
                    port: 8080
      """;

  private SeedManifests() {}

  /** Writes the seed case into {@code dir}: {@code mesh.yaml} (namespace and policy) and {@code web.yaml}, whose path it returns. */
  public static java.nio.file.Path workspace(java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("mesh.yaml"), MESH);
    return java.nio.file.Files.writeString(dir.resolve("web.yaml"), WEB);
  }
}
