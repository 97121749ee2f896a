package dev.meshprobe.k8s;

/** How the kubelet checks a probe. Kubernetes allows exactly one handler per probe. */
public enum ProbeHandler {
  HTTP_GET("httpGet"),
  TCP_SOCKET("tcpSocket"),
  GRPC("grpc"),
  EXEC("exec"),
  NONE("none");

  private final String key;

  ProbeHandler(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
