package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.ProbeHandler;
import java.util.List;

/**
 * Removes the probe (the seed's "disable the probe"), leaving a comment that says what the kubelet no
 * longer checks: without a liveness probe a hung container is never restarted, without a readiness
 * probe the pod gets traffic as soon as it runs, without a startup probe the other probes start at once.
 */
final class RemoveProbeFix extends Fix {
  static final String ID = "remove-probe";

  private final String probeWord;

  private RemoveProbeFix(List<FileEdit> edits, String probeWord) {
    super(edits);
    this.probeWord = probeWord;
  }

  static Fix offer(FixContext c) {
    Probe p = c.probe();
    if (p == null || YamlEditor.own(p.container().node(), p.type().key()) != p.entry()
        || !YamlEditor.isLocal(p.container().node(), p.entry())) {
      return null;
    }
    List<FileEdit> edits = single(c, c.editor().removeEntry(p.container().node(), p.entry(), comment(p)));
    return edits == null ? null : new RemoveProbeFix(edits, p.type().word());
  }

  static List<String> comment(Probe p) {
    String container = "container `" + p.container().name() + "`";
    String consequence = switch (p.type()) {
      case LIVENESS -> "The kubelet no longer checks that " + container + " is alive, so it will not restart it when it hangs.";
      case READINESS -> "The kubelet no longer checks that " + container + " is ready, so the pod gets traffic as soon as it runs.";
      case STARTUP -> "The kubelet no longer waits for " + container + " to start before running its other probes.";
    };
    return List.of(p.type().key() + " removed (it was " + describe(p) + ").", consequence);
  }

  private static String describe(Probe p) {
    String what = p.handler().key();
    if (p.portNode() != null && p.portNode().text() != null) {
      what += " on port " + p.portNode().text();
    }
    if (p.handler() == ProbeHandler.HTTP_GET && p.path() != null) {
      what += ", path " + p.path();
    }
    return what;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Remove the " + probeWord + " probe";
  }
}
