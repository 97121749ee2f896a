package dev.meshprobe;

/** The version of Meshprobe, from the jar manifest when run from the jar. */
public final class Version {
  private Version() {}

  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
