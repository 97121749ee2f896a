package dev.meshprobe.mesh;

import java.util.List;

/**
 * The mTLS mode the sidecar enforces on one port of one workload: the effective mode, the fact that
 * decided it (the most specific policy that set a mode, or the configured/default mesh mode), every
 * policy layer that was considered, and whether the port escapes mTLS altogether because, up to Istio
 * 1.6, a port no Service targets was served by a management listener without mTLS.
 */
public record MtlsDecision(Fact<MtlsMode> mode, String decidedBy, List<Fact<MtlsMode>> layers, Fact<Boolean> managementListener) {
  public MtlsDecision {
    layers = List.copyOf(layers);
  }

  public boolean isStrict() {
    return mode.value() == MtlsMode.STRICT && managementListener == null;
  }

  public boolean isExempt() {
    return managementListener != null;
  }
}
