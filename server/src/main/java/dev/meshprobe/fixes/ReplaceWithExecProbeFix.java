package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replaces the probe's handler with an {@code exec} probe that checks the same thing from inside the
 * container. The kubelet runs exec probes through the container runtime, not over the network, so
 * neither the sidecar's redirect nor mTLS is in the way. The command must exist in the image, which a
 * comment above the handler says. Timing fields ({@code periodSeconds}, {@code timeoutSeconds}, ...)
 * are kept; {@code timeoutSeconds} also bounds the command.
 */
final class ReplaceWithExecProbeFix extends Fix {
  static final String ID = "replace-with-exec-probe";

  /** One way to check the port from inside the container. */
  private enum Tool {
    CURL("curl"), WGET("wget"), GRPC_HEALTH_PROBE("grpc_health_probe"), NC("nc"), BASH("bash /dev/tcp");

    final String label;

    Tool(String label) {
      this.label = label;
    }
  }

  private final Tool tool;
  private final String probeWord;

  private ReplaceWithExecProbeFix(List<FileEdit> edits, Tool tool, String probeWord) {
    super(edits);
    this.tool = tool;
    this.probeWord = probeWord;
  }

  static List<Fix> offers(FixContext c) {
    Probe p = c.probe();
    if (p == null || p.port() == null || p.handlerNode() == null) {
      return List.of();
    }
    YEntry handler = YamlEditor.own(p.node(), p.handler().key());
    if (handler == null || handler.value() != p.handlerNode() || !YamlEditor.isLocal(p.node(), handler)) {
      return List.of();
    }
    List<Tool> tools = switch (p.handler()) {
      case HTTP_GET -> List.of(Tool.CURL, Tool.WGET);
      case GRPC -> List.of(Tool.GRPC_HEALTH_PROBE);
      case TCP_SOCKET -> List.of(Tool.NC, Tool.BASH);
      default -> List.of();
    };
    List<Fix> out = new ArrayList<>();
    for (Tool t : tools) {
      List<String> command = command(t, p);
      Out value = Out.map("command", Out.seq(command.stream().map(Out::str).toList()));
      if (p.handlerNode().flow()) {
        value = new Out.Flow(value);
      }
      String binary = t == Tool.BASH ? "bash" : t == Tool.NC ? "sh and nc" : t.label;
      List<String> comment = List.of("The image must contain " + binary + ": exec probes run inside the container, past the sidecar.");
      List<FileEdit> edits = single(c, c.editor().replaceEntry(p.node(), handler, "exec", value, comment));
      if (edits != null) {
        out.add(new ReplaceWithExecProbeFix(edits, t, p.type().word()));
      }
    }
    return out;
  }

  /** The command, as the kubelet would call it: same port, path, scheme, headers and host. */
  static List<String> command(Tool t, Probe p) {
    String timeout = seconds(p.timeoutSeconds());
    String host = p.host() == null || p.host().isBlank() ? "localhost" : p.host();
    List<String> cmd = new ArrayList<>();
    switch (t) {
      case CURL -> {
        cmd.addAll(List.of("curl", "-fsS", "--max-time", timeout));
        if (p.isHttps()) {
          // The kubelet does not verify the certificate of an HTTPS probe either.
          cmd.add("-k");
        }
        for (String[] h : headers(p)) {
          cmd.add("-H");
          cmd.add(h[0] + ": " + h[1]);
        }
        cmd.add(url(p, host));
      }
      case WGET -> {
        cmd.addAll(List.of("wget", "-q", "-O-", "-T", timeout));
        if (p.isHttps()) {
          cmd.add("--no-check-certificate");
        }
        for (String[] h : headers(p)) {
          cmd.add("--header");
          cmd.add(h[0] + ": " + h[1]);
        }
        cmd.add(url(p, host));
      }
      case GRPC_HEALTH_PROBE -> {
        cmd.add("grpc_health_probe");
        cmd.add("-addr=:" + p.port());
        if (p.grpcService() != null && !p.grpcService().isEmpty()) {
          cmd.add("-service=" + p.grpcService());
        }
      }
      case NC -> cmd.addAll(List.of("sh", "-c", "nc -z -w " + timeout + " " + host + " " + p.port()));
      case BASH -> cmd.addAll(List.of("bash", "-c", "exec 3<>/dev/tcp/" + host + "/" + p.port()));
      default -> throw new IllegalStateException(t.name());
    }
    return cmd;
  }

  private static String url(Probe p, String host) {
    String path = p.path() == null || p.path().isEmpty() ? "/" : p.path();
    return (p.isHttps() ? "https" : "http") + "://" + host + ":" + p.port() + encode(path.startsWith("/") ? path : "/" + path);
  }

  /** The kubelet escapes the path when it builds the URL; curl and wget want it escaped already. */
  private static String encode(String path) {
    StringBuilder b = new StringBuilder();
    for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xFF;
      if (u > 0x20 && u < 0x7F && "\"<>\\^`{|}".indexOf(u) < 0) {
        b.append((char) u);
      } else {
        b.append('%').append(String.format("%02X", u));
      }
    }
    return b.toString();
  }

  private static List<String[]> headers(Probe p) {
    List<String[]> out = new ArrayList<>();
    YSequence seq = p.httpHeaders();
    if (seq != null) {
      for (YNode item : seq.items()) {
        if (item instanceof YMapping m && m.string("name") != null) {
          out.add(new String[] {m.string("name"), m.string("value") == null ? "" : m.string("value")});
        }
      }
    }
    return out;
  }

  /** Kubernetes' default probe timeout is one second. */
  private static String seconds(String timeoutSeconds) {
    if (timeoutSeconds != null && timeoutSeconds.matches("[1-9][0-9]{0,5}")) {
      return timeoutSeconds;
    }
    return "1";
  }

  @Override
  public String id() {
    return ID + "-" + tool.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Only the probe's handler changes (and a comment above it): no other probe's verdict depends on it. */
  @Override
  public boolean changesOnlyItsProbe() {
    return true;
  }

  @Override
  public String title() {
    return "Replace the " + probeWord + " probe with an exec probe (" + tool.label + ")";
  }
}
