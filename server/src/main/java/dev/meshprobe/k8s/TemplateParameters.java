package dev.meshprobe.k8s;

import java.util.regex.Pattern;

/**
 * Values filled in after the files are written, so unknown here: an OpenShift {@code Template}'s
 * parameters when it is processed ({@code ${NAME}}, and {@code ${{NAME}}} for a non-string value), and
 * Flux's post-build substitution, the same syntax with drone/envsubst's operators ({@code ${var}},
 * {@code ${var:=default}}, {@code ${var:position}}, {@code ${var/substring/replacement}}; fluxcd.io
 * "Kustomization", post-build variable substitution). Nothing is decided from such a value: a
 * {@code ${PORT}} probe port is not a port name, a {@code ${NAMESPACE}} is no namespace, two
 * {@code ${APPLICATION_NAME}}s are not one name.
 */
public final class TemplateParameters {
  private static final Pattern PARAMETER =
      Pattern.compile("\\$\\{(?:\\{[A-Za-z_][A-Za-z0-9_]*\\}|[A-Za-z_][A-Za-z0-9_]*(?:[:/][^{}]*)?)\\}");

  private TemplateParameters() {}

  /** True when the value is, or holds, a template parameter. */
  public static boolean holdsParameter(String value) {
    return value != null && value.contains("${") && PARAMETER.matcher(value).find();
  }
}
