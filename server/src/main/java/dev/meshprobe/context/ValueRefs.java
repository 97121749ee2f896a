package dev.meshprobe.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which value of {@code .Values} a template action refers to: {@code .Values.a.b} and {@code
 * $.Values.a.b} anywhere; {@code .} and {@code .x} relative to the dot that enclosing {@code with}
 * actions set ({@code {{- with .Values.podAnnotations }} ... {{ toYaml . }}}). Inside a {@code range}
 * the dot is an item of a list, which is not followed.
 */
final class ValueRefs {
  /** The dot of the template's top level (the root context): {@code .x} there is not a value. */
  static final List<String> ROOT = java.util.Collections.unmodifiableList(new ArrayList<>());
  private static final Pattern VALUES = Pattern.compile("\\$?\\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)");
  private static final Pattern DOT = Pattern.compile("(?<![A-Za-z0-9_$)\\]\\.])\\.((?:[A-Za-z_][A-Za-z0-9_]*)(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)?(?![A-Za-z0-9_])");
  private static final Set<String> BUILT_INS = Set.of("Values", "Release", "Chart", "Capabilities", "Template", "Files", "Subcharts");

  private ValueRefs() {}

  /**
   * The values path the action refers to, or null. {@code dot} is what {@code .} is where the action
   * stands: {@link #ROOT}, a values path, or null when unknown.
   */
  static List<String> resolve(String body, List<String> dot) {
    Matcher v = VALUES.matcher(body);
    if (v.find()) {
      return split(v.group(1));
    }
    if (dot == null || dot == ROOT) {
      return null;
    }
    Matcher d = DOT.matcher(body);
    while (d.find()) {
      String rest = d.group(1);
      if (rest == null) {
        return dot;
      }
      String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
      if (!BUILT_INS.contains(first)) {
        List<String> out = new ArrayList<>(dot);
        out.addAll(split("." + rest));
        return out;
      }
    }
    return null;
  }

  /** What {@code .} becomes inside {@code with EXPR}: the values path, or null when it is not one. */
  static List<String> withDot(String expression, List<String> dot) {
    List<String> r = resolve(expression, dot);
    return r == null ? null : List.copyOf(r);
  }

  private static List<String> split(String dotted) {
    if (dotted == null || dotted.isEmpty()) {
      return new ArrayList<>();
    }
    return new ArrayList<>(Arrays.asList(dotted.substring(1).split("\\.")));
  }
}
