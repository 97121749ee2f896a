package dev.meshprobe.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Manifests and edits for the differential fuzzer, drawn from a seeded {@link Random}: the objects
 * whose facts decide probe verdicts (Namespaces with injection labels, PeerAuthentications at each
 * scope, workloads with every kind of probe and Istio annotation, Services, legacy policies,
 * {@code .meshprobe.yaml}), written in block or flow style, with 2 or 4 spaces, sometimes CRLF; and the
 * fragments an editor types into them.
 */
final class FuzzManifests {
  private FuzzManifests() {}

  static final String[] NAMESPACES = {"shop", "default", "payments", "istio-system", "kube-system", "ambient-ns"};
  static final String[] MODES = {"STRICT", "PERMISSIVE", "DISABLE", "UNSET"};
  static final String[] VERSIONS = {"1.0", "1.4", "1.5", "1.6", "1.7", "1.11", "1.12", "1.13", "1.19", "1.24", "1.30"};
  private static final String[] WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Pod", "CronJob", "Job", "ReplicaSet"};
  private static final String[] PORTS = {"8080", "9090", "http", "grpc", "15020", "15021", "80", "metrics"};

  /** What an editor types: keys, values, YAML punctuation, line breaks of every kind, characters beyond the BMP. */
  static final String[] PIECES = {"\n", "  ", "- ", ": ", "name: x\n", "port: 8080", "port: http", "---\n", "{", "}", "[", "]", "\"", "'",
      "#", "\t", "\r\n", "\r", "\uD83D\uDE00", "é", "livenessProbe:\n", "readinessProbe:\n  tcpSocket: {port: 8080}\n",
      "httpGet: {path: /, port: 80}\n", "grpc: {port: 9090}\n", "kind: Deployment\n", "&a ", "*a", "<<: *a\n", "mode: STRICT",
      "mode: PERMISSIVE", "sidecar.istio.io/rewriteAppHTTPProbers: \"false\"\n", "sidecar.istio.io/inject: \"true\"\n",
      "istio-injection: enabled\n", "traffic.sidecar.istio.io/excludeInboundPorts: \"8080\"\n", "status.sidecar.istio.io/port: \"0\"\n",
      "namespace: shop\n", "# meshprobe:ignore probe-blocked-by-strict-mtls -- fuzz\n", "{{ .Values.port }}", "? ", "!!str ", "...\n",
      "%YAML 1.2\n---\n", "null", "~", "true", "yes", "0x1F", "host: 10.0.0.1\n", "portLevelMtls:\n  8080: {mode: PERMISSIVE}\n"};

  /** Words an edit swaps for another of the same kind: a mode, a boolean, a port, a namespace. */
  static final String[][] SWAPS = {{"STRICT", "PERMISSIVE", "DISABLE", "UNSET"}, {"\"true\"", "\"false\"", "\"yes\""},
      {"8080", "9090", "15020", "http"}, {"shop", "default", "payments", "istio-system"}, {"httpGet", "tcpSocket", "grpc", "exec"},
      {"enabled", "disabled"}, {"v1beta1", "v1", "v1alpha1"}};

  static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  /** One to four documents of the kinds that matter, in one file. */
  static String anyFile(Random r) {
    StringBuilder out = new StringBuilder();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append("---\n");
      }
      out.append(switch (r.nextInt(7)) {
        case 0 -> namespace(r);
        case 1, 2 -> peerAuthentication(r);
        case 3 -> service(r);
        case 4 -> r.nextInt(4) == 0 ? legacyPolicy(r) : workload(r);
        default -> workload(r);
      });
    }
    String text = out.toString();
    if (r.nextInt(3) == 0) {
      text = text.replace("  ", "    ");
    }
    if (r.nextInt(8) == 0) {
      text = text.replace("\n", "\r\n");
    }
    return text;
  }

  static String namespace(Random r) {
    StringBuilder s = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + pick(r, NAMESPACES) + "\n");
    if (r.nextInt(4) != 0) {
      s.append("  labels:\n");
      switch (r.nextInt(5)) {
        case 0 -> s.append("    istio-injection: enabled\n");
        case 1 -> s.append("    istio-injection: disabled\n");
        case 2 -> s.append("    istio.io/rev: canary\n");
        case 3 -> s.append("    istio.io/dataplane-mode: ambient\n");
        default -> s.append("    team: fuzz\n");
      }
    }
    return s.toString();
  }

  static String peerAuthentication(Random r) {
    String ns = r.nextInt(3) == 0 ? "istio-system" : pick(r, NAMESPACES);
    StringBuilder s = new StringBuilder("apiVersion: security.istio.io/" + (r.nextBoolean() ? "v1" : "v1beta1") + "\nkind: PeerAuthentication\n"
        + "metadata:\n  name: " + pick(r, new String[] {"default", "strict", "relaxed", "web"}) + "\n");
    if (r.nextInt(6) != 0) {
      s.append("  namespace: ").append(ns).append('\n');
    }
    s.append("spec:\n");
    boolean selector = r.nextInt(3) == 0;
    if (selector) {
      s.append("  selector:\n    matchLabels:\n      app: ").append(pick(r, new String[] {"web", "api", "db"})).append('\n');
    }
    s.append("  mtls:\n    mode: ").append(pick(r, MODES)).append('\n');
    if (selector || r.nextInt(6) == 0) {
      if (r.nextBoolean()) {
        s.append("  portLevelMtls:\n    ").append(r.nextBoolean() ? "8080" : "\"9090\"").append(":\n      mode: ").append(pick(r, MODES)).append('\n');
      }
    }
    return s.toString();
  }

  static String legacyPolicy(Random r) {
    return r.nextBoolean()
        ? "apiVersion: authentication.istio.io/v1alpha1\nkind: MeshPolicy\nmetadata:\n  name: default\nspec:\n  peers:\n  - mtls: "
            + (r.nextBoolean() ? "{}" : "{mode: PERMISSIVE}") + "\n"
        : "apiVersion: authentication.istio.io/v1alpha1\nkind: Policy\nmetadata:\n  name: default\n  namespace: " + pick(r, NAMESPACES)
            + "\nspec:\n  peers:\n  - mtls: {}\n";
  }

  static String service(Random r) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + pick(r, new String[] {"web", "api"}) + "\n  namespace: " + pick(r, NAMESPACES)
        + "\nspec:\n  selector:\n    app: " + pick(r, new String[] {"web", "api", "db"}) + "\n  ports:\n  - port: 80\n    targetPort: "
        + pick(r, PORTS) + "\n";
  }

  static String workload(Random r) {
    String kind = pick(r, WORKLOADS);
    String name = pick(r, new String[] {"web", "api", "db", "worker"});
    StringBuilder s = new StringBuilder("apiVersion: " + (kind.equals("Pod") ? "v1" : kind.endsWith("Job") ? "batch/v1" : "apps/v1")
        + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n");
    if (r.nextInt(5) != 0) {
      s.append("  namespace: ").append(pick(r, NAMESPACES)).append('\n');
    }
    if (r.nextInt(6) == 0) {
      s.append("  annotations:\n    sidecar.istio.io/rewriteAppHTTPProbers: \"false\"\n");
    }
    String pod = pod(r, name);
    String indent = switch (kind) {
      case "Pod" -> "";
      case "CronJob" -> "      ";
      default -> "  ";
    };
    switch (kind) {
      case "Pod" -> s.append(pod);
      case "CronJob" -> s.append("spec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n");
      default -> s.append("spec:\n  selector:\n    matchLabels:\n      app: ").append(name).append("\n  template:\n");
    }
    if (!kind.equals("Pod")) {
      for (String line : pod.split("\n")) {
        s.append(indent).append("  ").append(line).append('\n');
      }
    }
    return s.toString();
  }

  /** A pod template's metadata and spec (a Pod's own, unindented). */
  private static String pod(Random r, String app) {
    StringBuilder s = new StringBuilder("metadata:\n  labels:\n    app: " + app + "\n");
    if (r.nextInt(4) == 0) {
      s.append("    sidecar.istio.io/inject: \"").append(r.nextBoolean() ? "true" : "false").append("\"\n");
    }
    List<String> annotations = new ArrayList<>();
    if (r.nextInt(3) == 0) {
      annotations.add("sidecar.istio.io/rewriteAppHTTPProbers: " + pick(r, new String[] {"\"true\"", "\"false\"", "\"yes\"", "\"0\""}));
    }
    if (r.nextInt(6) == 0) {
      annotations.add("traffic.sidecar.istio.io/excludeInboundPorts: \"" + pick(r, new String[] {"8080", "9090,8080", ""}) + "\"");
    }
    if (r.nextInt(8) == 0) {
      annotations.add("traffic.sidecar.istio.io/includeInboundPorts: \"" + pick(r, new String[] {"8080", "*", ""}) + "\"");
    }
    if (r.nextInt(8) == 0) {
      annotations.add("status.sidecar.istio.io/port: \"" + pick(r, new String[] {"0", "15021", "15020"}) + "\"");
    }
    if (r.nextInt(8) == 0) {
      annotations.add("meshprobe.dev/ignore: \"probe-blocked-by-strict-mtls\"");
    }
    if (!annotations.isEmpty()) {
      s.append("  annotations:\n");
      annotations.forEach(a -> s.append("    ").append(a).append('\n'));
    }
    s.append("spec:\n");
    if (r.nextInt(10) == 0) {
      s.append("  hostNetwork: true\n");
    }
    s.append("  containers:\n");
    int containers = 1 + r.nextInt(3);
    for (int i = 0; i < containers; i++) {
      s.append(container(r, i));
    }
    return s.toString();
  }

  private static String container(Random r, int i) {
    String port = pick(r, new String[] {"8080", "9090", "8443"});
    StringBuilder s = new StringBuilder("  - name: c" + i + "\n    image: img:1\n");
    if (r.nextInt(3) != 0) {
      s.append("    ports:\n    - containerPort: ").append(port).append("\n      name: ").append(pick(r, new String[] {"http", "grpc", "metrics"}))
          .append('\n');
    }
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (r.nextInt(3) == 0) {
        continue;
      }
      s.append("    ").append(probe).append(":\n");
      switch (r.nextInt(5)) {
        case 0, 1 -> s.append("      httpGet:\n        path: /healthz\n        port: ").append(pick(r, PORTS)).append('\n')
            .append(r.nextInt(5) == 0 ? "        scheme: HTTPS\n" : "").append(r.nextInt(8) == 0 ? "        host: 10.0.0.1\n" : "");
        case 2 -> s.append("      tcpSocket:\n        port: ").append(pick(r, PORTS)).append('\n');
        case 3 -> s.append("      grpc:\n        port: ").append(r.nextBoolean() ? "9090" : "8080").append('\n');
        default -> s.append("      exec:\n        command: [cat, /tmp/healthy]\n");
      }
      if (r.nextBoolean()) {
        s.append("      timeoutSeconds: ").append(1 + r.nextInt(5)).append('\n');
      }
    }
    return s.toString();
  }

  /** A {@code .meshprobe.yaml}: a version, assumed modes, rule severities, ignored paths (some of them the fuzzer writes to). */
  static String config(Random r) {
    StringBuilder s = new StringBuilder();
    if (r.nextBoolean()) {
      s.append("istio:\n  version: \"").append(pick(r, VERSIONS)).append("\"\n");
      if (r.nextInt(3) == 0) {
        s.append("  rewriteAppHTTPProbe: ").append(r.nextBoolean()).append('\n');
      }
    }
    if (r.nextBoolean()) {
      s.append("mesh:\n  mtls: ").append(pick(r, new String[] {"STRICT", "PERMISSIVE", "DISABLE", "LOUD"})).append('\n');
      s.append("  injection: ").append(r.nextBoolean() ? "assume-injected" : "assume-not-injected").append('\n');
    }
    if (r.nextInt(3) == 0) {
      s.append("defaultNamespace: ").append(pick(r, NAMESPACES)).append('\n');
    }
    if (r.nextInt(3) == 0) {
      s.append("rules:\n  ").append(pick(r, new String[] {"probe-would-fail-under-strict-mtls", "tcp-probe-always-succeeds", "yaml-duplicate-key"}))
          .append(": ").append(pick(r, new String[] {"off", "error", "hint", "loud"})).append('\n');
    }
    if (r.nextInt(3) == 0) {
      s.append("ignore:\n  - path: \"").append(pick(r, new String[] {"vendor/**", "gen/**", "**/skip-*.yaml", "*.yml"})).append("\"\n");
      if (r.nextBoolean()) {
        s.append("  - rule: ").append(pick(r, new String[] {"probe-blocked-by-strict-mtls", "tcp-probe-always-succeeds"})).append('\n');
      }
    }
    return s.toString();
  }

  /**
   * One Deployment on one line with {@code containers} containers, each with an httpGet and a tcpSocket
   * probe: the shape that made inlay hints quadratic.
   */
  static String oneLine(int containers) {
    return oneLine(containers, "{labels: {app: big}}", "livenessProbe: {httpGet: {path: /healthz, port: 8080}}, readinessProbe: {tcpSocket: {port: 8080}}");
  }

  /** The same with the pod template's {@code metadata} (flow) and each container's probes (flow entries) given. */
  static String oneLine(int containers, String podMetadata, String probes) {
    StringBuilder s = new StringBuilder("{apiVersion: apps/v1, kind: Deployment, metadata: {name: big, namespace: shop}, spec: {template: "
        + "{metadata: " + podMetadata + ", spec: {containers: [");
    for (int i = 0; i < containers; i++) {
      s.append(i == 0 ? "" : ", ").append("{name: c").append(i).append(", image: \"img:1\", ").append(probes).append('}');
    }
    return s.append("]}}}}\n").toString();
  }
}
