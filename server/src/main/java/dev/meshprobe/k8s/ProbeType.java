package dev.meshprobe.k8s;

/** The three probes of a container; lifecycle hooks are not probes. */
public enum ProbeType {
  LIVENESS("livenessProbe", "liveness", "livez"),
  READINESS("readinessProbe", "readiness", "readyz"),
  STARTUP("startupProbe", "startup", "startupz");

  private final String key;
  private final String word;
  private final String appHealthSuffix;

  ProbeType(String key, String word, String appHealthSuffix) {
    this.key = key;
    this.word = word;
    this.appHealthSuffix = appHealthSuffix;
  }

  /** The field name in the container spec, e.g. {@code livenessProbe}. */
  public String key() {
    return key;
  }

  /** The word used in messages, e.g. {@code liveness}. */
  public String word() {
    return word;
  }

  /** The last path segment Istio's rewrite uses: {@code /app-health/<container>/livez}. */
  public String appHealthSuffix() {
    return appHealthSuffix;
  }
}
