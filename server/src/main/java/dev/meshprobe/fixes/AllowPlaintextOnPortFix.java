package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Labels;
import dev.meshprobe.k8s.NamespaceSource;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.mesh.PeerAuthenticationPolicy;
import dev.meshprobe.mesh.ProbeVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends a workload-scoped PeerAuthentication (selector: the pod's labels) whose {@code portLevelMtls}
 * makes the probe port PERMISSIVE, so the sidecar accepts the kubelet's plaintext there while the rest
 * of the pod keeps its mode. Istio honours {@code portLevelMtls} only with a selector, keyed by
 * container port, and ignores selector policies in the root namespace; and when two workload policies
 * select one pod it keeps the oldest, so the fix is only offered when no workload policy selects the
 * pod yet.
 */
final class AllowPlaintextOnPortFix extends Fix {
  static final String ID = "allow-plaintext-on-port";
  /** {@code security.istio.io/v1} PeerAuthentication is served from Istio 1.22; v1beta1 from 1.5. */
  private static final int V1_SINCE = 22;

  private final int port;

  private AllowPlaintextOnPortFix(List<FileEdit> edits, int port) {
    super(edits);
    this.port = port;
  }

  static Fix offer(FixContext c) {
    Probe p = c.probe();
    ProbeVerdict v = c.verdict();
    if (p == null || p.port() == null || (p.handler() != ProbeHandler.HTTP_GET && p.handler() != ProbeHandler.GRPC)
        || !c.mesh().version().atLeast(5) || v.mtls() == null) {
      return null;
    }
    Workload w = p.container().pod().workload();
    Map<String, String> labels = w.pod().labels();
    String name = w.resource().metadata() == null ? null : w.resource().metadata().string("name");
    if (labels.isEmpty() || name == null || w.namespace().equals(c.mesh().rootNamespace()) || selected(c, w)) {
      return null;
    }
    List<FileEdit> edits = single(c, List.of(append(c, w, name, p.port(), labels)));
    return edits == null ? null : new AllowPlaintextOnPortFix(edits, p.port());
  }

  private static boolean selected(FixContext c, Workload w) {
    for (PeerAuthenticationPolicy pa : c.mesh().index().peerAuthentications()) {
      if (pa.selector() != null && pa.namespace().equals(w.namespace()) && Labels.selects(pa.selector(), w.pod().labels())) {
        return true;
      }
    }
    return false;
  }

  /** The policy as a new document at the end of the file, written in the file's style. */
  private static TextEdit append(FixContext c, Workload w, String name, int port, Map<String, String> labels) {
    IstioVersion version = c.mesh().version();
    List<Object> matchLabels = new ArrayList<>();
    labels.forEach((k, val) -> {
      matchLabels.add(k);
      matchLabels.add(Out.str(val));
    });
    List<Object> metadata = new ArrayList<>(List.of("name", Out.str(policyName(name, port))));
    // A namespace that comes from kustomize, the configuration or the default is left to the same
    // mechanism, so the policy lands wherever the workload does.
    if (w.resource().namespaceSource().kind() == NamespaceSource.Kind.SEEN) {
      metadata.add("namespace");
      metadata.add(Out.str(w.namespace()));
    }
    Out doc = Out.map(
        "apiVersion", Out.str(version.atLeast(V1_SINCE) ? "security.istio.io/v1" : "security.istio.io/v1beta1"),
        "kind", Out.str("PeerAuthentication"),
        "metadata", Out.map(metadata.toArray()),
        "spec", Out.map(
            "selector", Out.map("matchLabels", Out.map(matchLabels.toArray())),
            "portLevelMtls", Out.map(String.valueOf(port), Out.map("mode", Out.str("PERMISSIVE")))));
    YamlEditor ed = new YamlEditor(c.text(), c.style(), 0);
    String nl = ed.nl();
    StringBuilder b = new StringBuilder();
    boolean finalNewline = Lines.endsWithNewline(c.text());
    if (!finalNewline && !c.text().isEmpty()) {
      b.append(nl);
    }
    b.append("---").append(nl);
    for (String line : YamlEditor.wrap("Lets the kubelet's plaintext probes reach port " + port + " of " + w.display()
        + " while the rest of the pod keeps its mTLS mode.", 98)) {
      b.append("# ").append(line).append(nl);
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Out> e : ((Out.Map) doc).entries()) {
      lines.add(ed.entry(e.getKey(), e.getValue(), 0));
    }
    b.append(String.join(nl, lines));
    if (finalNewline) {
      b.append(nl);
    }
    return TextEdit.insert(c.text().length(), b.toString());
  }

  /** A DNS-1123 name derived from the workload's. */
  private static String policyName(String workload, int port) {
    String base = workload.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    String suffix = "-allow-plaintext-" + port;
    if (base.length() + suffix.length() > 253) {
      base = base.substring(0, 253 - suffix.length());
    }
    return base + suffix;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Allow plaintext on port " + port + " for this workload";
  }
}
