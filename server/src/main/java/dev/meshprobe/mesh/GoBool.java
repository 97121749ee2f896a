package dev.meshprobe.mesh;

/**
 * Booleans as Go's {@code strconv.ParseBool} reads them, which is how Istio reads boolean annotations
 * such as {@code sidecar.istio.io/rewriteAppHTTPProbers}: 1, t, T, TRUE, true, True, 0, f, F, FALSE,
 * false, False. Anything else does not parse, and Istio then falls back to its default.
 */
public final class GoBool {
  private GoBool() {}

  /** The value, or null when Go would not parse it. */
  public static Boolean parse(String s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }
}
