package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.Ports;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declares the port name a probe uses in the same container's {@code ports}, which is the only place
 * the kubelet resolves it. When the container declares exactly one port without a name, that port is
 * named; otherwise a port is added whose number comes from the name (a number in it, or the IANA port
 * of {@code http}/{@code https}), shown in the title so that the author can check it.
 */
final class DeclareNamedPortFix extends Fix {
  static final String ID = "declare-named-port";
  /** Kubernetes' IANA_SVC_NAME: at most 15 lowercase letters, digits and inner single hyphens, one letter at least. */
  private static final Pattern SVC_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*(?<!-)");
  private static final Pattern NUMBER = Pattern.compile("(\\d{2,5})");
  private static final int FALLBACK_PORT = 8080;

  private final String title;

  private DeclareNamedPortFix(List<FileEdit> edits, String title) {
    super(edits);
    this.title = title;
  }

  static Fix offer(FixContext c) {
    Probe p = c.probe();
    // The kubelet resolves names for httpGet and tcpSocket only; a gRPC probe port must be a number.
    if (p == null || p.portName() == null || (p.handler() != ProbeHandler.HTTP_GET && p.handler() != ProbeHandler.TCP_SOCKET)
        || p.portName().length() > 15 || !SVC_NAME.matcher(p.portName()).matches()) {
      return null;
    }
    Container container = p.container();
    YMapping cm = container.node();
    YamlEditor ed = c.editor();
    String where = " in container `" + container.name() + "`";
    YEntry ports = YamlEditor.own(cm, "ports");
    if (ports != null && (!(ports.value() instanceof YSequence) || !YamlEditor.isLocal(cm, ports))) {
      return null;
    }
    YSequence seq = ports == null ? null : (YSequence) ports.value();
    // An item that is not a port mapping (an empty `-`) is a half-written list: appending to it would
    // guess at its shape, so the fix is not offered.
    if (seq != null && seq.items().stream().anyMatch(item -> !(item instanceof YMapping))) {
      return null;
    }
    YMapping unnamed = onlyUnnamed(seq);
    if (unnamed != null) {
      List<FileEdit> edits = single(c, ed.addEntry(unnamed, "name", Out.str(p.portName()), false));
      return edits == null ? null : new DeclareNamedPortFix(edits,
          "Name port " + Ports.number(unnamed.get("containerPort")) + " `" + p.portName() + "`" + where);
    }
    int number = free(guess(p.portName()), container);
    Out item = Out.map("name", Out.str(p.portName()), "containerPort", Out.plain(String.valueOf(number)));
    List<TextEdit> edit = seq == null
        ? ed.addEntry(cm, "ports", Out.seq(List.of(item)), false)
        : ed.appendItem(seq, item);
    List<FileEdit> edits = single(c, edit);
    return edits == null ? null : new DeclareNamedPortFix(edits,
        "Declare port `" + p.portName() + "` as containerPort " + number + where);
  }

  /** The one declared port without a name, or null when there is none or more than one. */
  private static YMapping onlyUnnamed(YSequence seq) {
    if (seq == null) {
      return null;
    }
    List<YMapping> unnamed = new ArrayList<>();
    for (YNode item : seq.items()) {
      if (item instanceof YMapping m && m.get("name") == null && Ports.number(m.get("containerPort")) != null) {
        unnamed.add(m);
      }
    }
    return unnamed.size() == 1 ? unnamed.get(0) : null;
  }

  /** {@code n}, or the next number no other port of the container declares. */
  private static int free(int n, Container container) {
    int candidate = n;
    while (candidate < 65535 && declares(container, candidate)) {
      candidate++;
    }
    return candidate;
  }

  private static boolean declares(Container container, int number) {
    for (Container.Port port : container.ports()) {
      if (port.number() == number) {
        return true;
      }
    }
    return false;
  }

  /** A number written in the name ({@code metrics-9090}), else the IANA port of the name, else 8080. */
  static int guess(String name) {
    Matcher m = NUMBER.matcher(name);
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      if (n >= 1 && n <= 65535) {
        return n;
      }
    }
    return switch (name) {
      case "http", "www" -> 80;
      case "https" -> 443;
      default -> FALLBACK_PORT;
    };
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return title;
  }
}
