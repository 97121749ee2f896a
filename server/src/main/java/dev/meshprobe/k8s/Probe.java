package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;

/**
 * A liveness, readiness or startup probe of a container, read as the kubelet reads it: one handler, its
 * port (a named port resolved against the same container's {@code ports}), host, scheme, path and
 * headers. {@link #key()} is the stable anchor findings underline.
 */
public final class Probe {
  /** Knative serving's default user port, used when a Knative container declares no port. */
  private static final int KNATIVE_DEFAULT_PORT = 8080;

  private final Container container;
  private final ProbeType type;
  private final YEntry entry;
  private final YMapping node;
  private final ProbeHandler handler;
  private final YMapping handlerNode;
  private final YNode portNode;
  private final Integer port;
  private final String portName;

  Probe(Container container, ProbeType type, YEntry entry) {
    this.container = container;
    this.type = type;
    this.entry = entry;
    this.node = (YMapping) entry.value();
    ProbeHandler h = ProbeHandler.NONE;
    YMapping hn = null;
    for (ProbeHandler candidate : new ProbeHandler[] {ProbeHandler.EXEC, ProbeHandler.HTTP_GET, ProbeHandler.TCP_SOCKET, ProbeHandler.GRPC}) {
      if (node.get(candidate.key()) != null) {
        h = candidate;
        hn = node.mapping(candidate.key());
        break;
      }
    }
    this.handler = h;
    this.handlerNode = hn;
    this.portNode = hn == null ? null : hn.get("port");
    Integer number = Ports.number(portNode);
    String name = Ports.name(portNode);
    if (number == null && name != null && h != ProbeHandler.GRPC) {
      number = container.portNamed(name);
    }
    if (number == null && name == null && (h == ProbeHandler.HTTP_GET || h == ProbeHandler.TCP_SOCKET)
        && container.pod().workload().kind().name().startsWith("KNATIVE")) {
      // Knative serving fills in a port-less probe with the container's user port.
      number = container.ports().isEmpty() ? KNATIVE_DEFAULT_PORT : container.ports().get(0).number();
    }
    this.port = number;
    this.portName = name;
  }

  public Container container() {
    return container;
  }

  public ProbeType type() {
    return type;
  }

  /** The probe's key ({@code livenessProbe}), where findings start. */
  public YNode key() {
    return entry.key();
  }

  public YEntry entry() {
    return entry;
  }

  public YMapping node() {
    return node;
  }

  public ProbeHandler handler() {
    return handler;
  }

  /** The handler's mapping ({@code httpGet: {...}}), or null for none or a non-mapping value. */
  public YMapping handlerNode() {
    return handlerNode;
  }

  public YNode portNode() {
    return portNode;
  }

  /** The port number the kubelet will call, or null when absent or a name that does not resolve. */
  public Integer port() {
    return port;
  }

  /** The port's name when the probe names it, else null. */
  public String portName() {
    return portName;
  }

  /** True for a named port that the same container does not declare. */
  public boolean portUnresolved() {
    return portName != null && port == null;
  }

  public String host() {
    return handlerNode == null ? null : handlerNode.string("host");
  }

  public String path() {
    return handlerNode == null ? null : handlerNode.string("path");
  }

  /** HTTP or HTTPS for httpGet (Kubernetes defaults to HTTP); null for other handlers. */
  public String scheme() {
    if (handler != ProbeHandler.HTTP_GET) {
      return null;
    }
    String s = handlerNode == null ? null : handlerNode.string("scheme");
    return s == null ? "HTTP" : s.toUpperCase(java.util.Locale.ROOT);
  }

  public boolean isHttps() {
    return "HTTPS".equals(scheme());
  }

  public YSequence httpHeaders() {
    return handlerNode == null ? null : handlerNode.sequence("httpHeaders");
  }

  /** The gRPC health service name, or null. */
  public String grpcService() {
    return handler == ProbeHandler.GRPC && handlerNode != null ? handlerNode.string("service") : null;
  }

  public String timeoutSeconds() {
    return node.string("timeoutSeconds");
  }
}
