package dev.meshprobe.mesh;

import java.util.Locale;

/** A PeerAuthentication mTLS mode. UNSET inherits from the enclosing scope. */
public enum MtlsMode {
  STRICT, PERMISSIVE, DISABLE, UNSET;

  /** Parses a mode as Istio's API spells it; null or unknown text is UNSET. */
  public static MtlsMode parse(String s) {
    if (s == null) {
      return UNSET;
    }
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNSET;
    }
  }
}
