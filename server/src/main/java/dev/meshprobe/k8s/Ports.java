package dev.meshprobe.k8s;

import dev.meshprobe.yaml.YNode;

/** Port values as Kubernetes reads them: an integer, or (for an IntOrString) a name. */
public final class Ports {
  private Ports() {}

  /** The node's value as a port number in 1..65535, or null. */
  public static Integer number(YNode n) {
    String t = n == null ? null : n.text();
    if (t == null || t.isEmpty() || t.length() > 6) {
      return null;
    }
    for (int i = 0; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return null;
      }
    }
    int v = Integer.parseInt(t);
    return v >= 1 && v <= 65535 ? v : null;
  }

  /**
   * The node's value as a port name (an IANA_SVC_NAME), or null when it is a number, absent, or a
   * template parameter ({@code ${PORT}}), which is no name but a value not known yet.
   */
  public static String name(YNode n) {
    String t = n == null ? null : n.text();
    if (t == null || t.isEmpty() || number(n) != null || TemplateParameters.holdsParameter(t)) {
      return null;
    }
    return t;
  }
}
