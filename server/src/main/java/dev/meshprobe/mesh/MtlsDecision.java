package dev.meshprobe.mesh;

import java.util.List;

/**
 * The mTLS mode the sidecar enforces on one port of one workload: the effective mode, the fact that
 * decided it (the most specific policy that set a mode, or the configured/default mesh mode), every
 * policy layer that was considered, whether the port escapes mTLS altogether because, up to Istio
 * 1.6, a port no Service targets was served by a management listener without mTLS, and a STRICT
 * policy that the folder rule set aside although the user may well apply it here ({@code setAside},
 * else null).
 */
public record MtlsDecision(Fact<MtlsMode> mode, String decidedBy, List<Fact<MtlsMode>> layers, Fact<Boolean> managementListener,
    SetAside setAside) {
  /**
   * A STRICT PeerAuthentication that does not decide for the workload only because the files do not
   * say they share a namespace (DESIGN §1): a namespace-less policy beside a workload that names its
   * namespace, or a policy that names the namespace a namespace-less workload is only assumed to be in.
   * {@code fact} says so and how to state it; {@code name} is the policy's {@code metadata.name}.
   */
  public record SetAside(Fact<MtlsMode> fact, String name) {}

  public MtlsDecision {
    layers = List.copyOf(layers);
  }

  public MtlsDecision(Fact<MtlsMode> mode, String decidedBy, List<Fact<MtlsMode>> layers, Fact<Boolean> managementListener) {
    this(mode, decidedBy, layers, managementListener, null);
  }

  /** This decision, noting a STRICT policy set aside (unchanged when {@code s} is null). */
  public MtlsDecision withSetAside(SetAside s) {
    return s == null ? this : new MtlsDecision(mode, decidedBy, layers, managementListener, s);
  }

  public boolean isStrict() {
    return mode.value() == MtlsMode.STRICT && managementListener == null;
  }

  public boolean isExempt() {
    return managementListener != null;
  }
}
