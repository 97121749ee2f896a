package dev.meshprobe.rules;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.MtlsDecision;
import dev.meshprobe.mesh.MtlsMode;
import dev.meshprobe.mesh.ProbeVerdict;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Works today because the port accepts plaintext, and breaks the day the mesh turns STRICT on, or the
 * day a STRICT policy that the files do not tie to the probe's namespace is applied to it.
 */
@RuleInfo(
    id = "probe-would-fail-under-strict-mtls",
    severity = Severity.INFO,
    summary = "The probe passes through the sidecar without rewriting and will fail once the port requires STRICT mTLS.",
    href = "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/")
public final class ProbeWouldFailUnderStrictMtlsRule extends Rule {
  @Override
  public void checkProbe(ProbeVerdict v, MeshModel mesh, Consumer<Finding> sink) {
    if (!ProbeChecks.plaintextProbeReachesSidecar(v) || v.mtls().isStrict()) {
      return;
    }
    Probe p = v.probe();
    MtlsMode mode = v.mtls().mode().value();
    String message = Describe.probe(p) + " breaks under STRICT mTLS" + Describe.condition(mesh) + ": " + Describe.port(p) + " is " + mode
        + " now and " + v.notRewrittenReason() + Describe.assumption(v, true) + ".";
    MtlsDecision.SetAside setAside = v.mtls().setAside();
    if (setAside != null && Describe.condition(mesh).isEmpty()) {
      message = setAsideMessage(v, setAside);
    }
    sink.accept(finding(p.container().pod().workload().resource().ref(p.key()), message).about(p).verdict(v, true).build());
  }

  /**
   * A STRICT policy that the folder rule kept from deciding may well be applied to the probe's
   * namespace (the verdict does not count it): the message names it, by its file when it is in another
   * file and that fits, else by its name, so that "PERMISSIVE now" does not hide it. Its related
   * information says how to make it count.
   */
  private static String setAsideMessage(ProbeVerdict v, MtlsDecision.SetAside setAside) {
    Probe p = v.probe();
    String reason = ": it sets STRICT mTLS and " + v.notRewrittenReason() + Describe.assumption(v, true) + ".";
    SourceRef at = setAside.fact().where();
    boolean elsewhere = at != null && !at.file().equals(p.container().pod().workload().resource().file());
    String file = elsewhere ? Path.of(at.file()).getFileName().toString() : null;
    String byFile = Describe.probe(p) + " breaks if " + file + " applies here" + reason;
    return file != null && byFile.length() <= Messages.MAX ? byFile
        : Describe.probe(p) + " breaks if PeerAuthentication " + setAside.name() + " applies here" + reason;
  }
}
