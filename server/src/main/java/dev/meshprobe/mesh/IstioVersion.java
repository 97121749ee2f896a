package dev.meshprobe.mesh;

/**
 * A target Istio minor version (the 1.x line). The version table of what each release does lives with
 * the decisions that use it ({@link MeshModel}); this type only orders versions.
 */
public record IstioVersion(int minor) implements Comparable<IstioVersion> {
  /** The newest minor version in the version table, the default target. */
  public static final IstioVersion NEWEST = new IstioVersion(30);

  /** Parses {@code 1.30}, {@code 1.30.2} or {@code 1.5}; returns null for anything else. */
  public static IstioVersion parse(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    String[] parts = t.split("\\.");
    if (parts.length < 2 || parts.length > 3 || !parts[0].equals("1")) {
      return null;
    }
    try {
      int minor = Integer.parseInt(parts[1]);
      if (parts.length == 3) {
        Integer.parseInt(parts[2].replaceAll("-.*$", ""));
      }
      return minor >= 0 && minor <= 99 ? new IstioVersion(minor) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public boolean atLeast(int minorVersion) {
    return minor >= minorVersion;
  }

  public boolean atMost(int minorVersion) {
    return minor <= minorVersion;
  }

  @Override
  public int compareTo(IstioVersion o) {
    return Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return "1." + minor;
  }
}
