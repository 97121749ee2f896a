package dev.meshprobe.k8s;

import java.util.regex.Pattern;

/**
 * Values that an OpenShift {@code Template} fills in when it is processed: {@code ${NAME}}, and
 * {@code ${{NAME}}} for a non-string value. Such a value is unknown until then, so nothing is decided
 * from it: a {@code ${PORT}} probe port is not a port name, a {@code ${NAMESPACE}} is no namespace.
 */
public final class TemplateParameters {
  private static final Pattern PARAMETER = Pattern.compile("\\$\\{\\{?[A-Za-z_][A-Za-z0-9_]*\\}?\\}");

  private TemplateParameters() {}

  /** True when the value is, or holds, a template parameter. */
  public static boolean holdsParameter(String value) {
    return value != null && value.contains("${") && PARAMETER.matcher(value).find();
  }
}
