package dev.meshprobe.engine;

import dev.meshprobe.context.ContextSettings;
import dev.meshprobe.context.DeclaredContext;
import dev.meshprobe.context.HelmRelease;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.mesh.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration keys of deployment contexts (DESIGN §4, §9): {@code tools} ({@code helm},
 * {@code kustomize}, {@code timeoutSeconds}), {@code helm.releases} and {@code contexts}. Lenient as
 * the rest of {@link ConfigBuilder}: a bad entry is reported at its key path and left out; a list given
 * in a later layer replaces the earlier one.
 */
final class ContextConfig {
  /** A render is stopped after at most this long, whatever the configuration says. */
  static final int MAX_TIMEOUT_SECONDS = 600;

  private ContextConfig() {}

  static ContextSettings tools(ContextSettings c, Map<String, Object> m, String source, ConfigBuilder.Problems problems) {
    Setting<String> helm = c.helm();
    Setting<String> kustomize = c.kustomize();
    Setting<Integer> timeout = c.timeoutSeconds();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String path = "tools." + e.getKey();
      Object v = e.getValue();
      switch (e.getKey()) {
        case "helm", "kustomize" -> {
          String s = ConfigBuilder.string(v);
          if (v == null || s.isEmpty()) {
            continue;
          }
          if (v instanceof Map || v instanceof List) {
            problems.report(path, "" + path + " must be the path or name of the executable");
          } else if (e.getKey().equals("helm")) {
            helm = new Setting<>(s, source);
          } else {
            kustomize = new Setting<>(s, source);
          }
        }
        case "timeoutSeconds" -> {
          Integer n = ConfigBuilder.integer(v);
          if (n == null || n <= 0 || n > MAX_TIMEOUT_SECONDS) {
            problems.report(path, "tools.timeoutSeconds must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
          } else {
            timeout = new Setting<>(n, source);
          }
        }
        default -> problems.report(path, "unknown key " + e.getKey() + " under tools: expected helm, kustomize or timeoutSeconds");
      }
    }
    return new ContextSettings(helm, kustomize, timeout, c.releases(), c.declared());
  }

  static ContextSettings helm(ContextSettings c, Map<String, Object> m, String source, ConfigBuilder.Problems problems) {
    List<HelmRelease> releases = c.releases();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!e.getKey().equals("releases")) {
        problems.report("helm." + e.getKey(), "unknown key " + e.getKey() + " under helm: expected releases");
        continue;
      }
      releases = releases(e.getValue(), source, problems);
    }
    return new ContextSettings(c.helm(), c.kustomize(), c.timeoutSeconds(), releases, c.declared());
  }

  private static List<HelmRelease> releases(Object v, String source, ConfigBuilder.Problems problems) {
    List<HelmRelease> out = new ArrayList<>();
    if (!(v instanceof List<?> list)) {
      if (v != null) {
        problems.report("helm.releases", "helm.releases must be a list of releases with chart, name, namespace and values");
      }
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "helm.releases[" + i + "]";
      Map<String, Object> r = ConfigBuilder.map(list.get(i), path, problems);
      String chart = null;
      String name = null;
      String namespace = null;
      List<String> values = List.of();
      boolean bad = false;
      for (Map.Entry<String, Object> e : r.entrySet()) {
        String key = path + "." + e.getKey();
        Object value = e.getValue();
        switch (e.getKey()) {
          case "chart" -> chart = ConfigBuilder.string(value);
          case "name" -> {
            name = ConfigBuilder.string(value);
            if (name != null && !isReleaseName(name)) {
              problems.report(key, "a release name must be lower-case letters, digits, '-' and '.', at most 53 characters, such as payments");
              bad = true;
            }
          }
          case "namespace" -> {
            namespace = ConfigBuilder.string(value);
            if (namespace != null && !ConfigBuilder.isName(namespace)) {
              problems.report(key, "namespace must be a namespace name such as payments");
              bad = true;
            }
          }
          case "values" -> {
            values = strings(value, key, problems);
            bad |= values == null;
          }
          default -> problems.report(key, "unknown key " + e.getKey() + " in a release: expected chart, name, namespace or values");
        }
      }
      if (r.isEmpty()) {
        continue;
      }
      if (chart == null || chart.isEmpty()) {
        problems.report(path, "a release needs chart, the chart's folder");
        continue;
      }
      if (name == null || name.isEmpty()) {
        problems.report(path, "a release needs name, the release name");
        continue;
      }
      if (!bad) {
        out.add(new HelmRelease(chart, name, namespace, values, source, path));
      }
    }
    return out;
  }

  static ContextSettings contexts(ContextSettings c, Object v, String source, ConfigBuilder.Problems problems) {
    List<DeclaredContext> out = new ArrayList<>();
    if (!(v instanceof List<?> list)) {
      if (v != null) {
        problems.report("contexts", "contexts must be a list of contexts with name, paths, namespace and istio");
      }
      return new ContextSettings(c.helm(), c.kustomize(), c.timeoutSeconds(), c.releases(), out);
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "contexts[" + i + "]";
      Map<String, Object> m = ConfigBuilder.map(list.get(i), path, problems);
      String name = null;
      List<String> paths = null;
      String namespace = null;
      IstioVersion istio = null;
      boolean bad = false;
      for (Map.Entry<String, Object> e : m.entrySet()) {
        String key = path + "." + e.getKey();
        Object value = e.getValue();
        switch (e.getKey()) {
          case "name" -> name = ConfigBuilder.string(value);
          case "paths" -> {
            paths = strings(value, key, problems);
            bad |= paths == null;
          }
          case "namespace" -> {
            namespace = ConfigBuilder.string(value);
            if (namespace != null && !ConfigBuilder.isName(namespace)) {
              problems.report(key, "namespace must be a namespace name such as shop");
              bad = true;
            }
          }
          case "istio" -> {
            for (Map.Entry<String, Object> ie : ConfigBuilder.map(value, key, problems).entrySet()) {
              if (!ie.getKey().equals("version")) {
                problems.report(key + "." + ie.getKey(), "unknown key " + ie.getKey() + " under a context's istio: expected version");
                continue;
              }
              istio = IstioVersion.parse(ConfigBuilder.string(ie.getValue()));
              if (istio == null) {
                problems.report(key + ".version", "version must be an Istio 1.x version such as \"1.24\"");
                bad = true;
              }
            }
          }
          default -> problems.report(key, "unknown key " + e.getKey() + " in a context: expected name, paths, namespace or istio");
        }
      }
      if (m.isEmpty()) {
        continue;
      }
      if (name == null || name.isEmpty()) {
        problems.report(path, "a context needs name");
      } else if (paths == null || paths.isEmpty()) {
        problems.report(path, "a context needs paths, a list of globs such as \"clusters/prod/**\"");
      } else if (!bad) {
        out.add(new DeclaredContext(name, paths, namespace, istio, source));
      }
    }
    return new ContextSettings(c.helm(), c.kustomize(), c.timeoutSeconds(), c.releases(), out);
  }

  /** A list of strings (a single string counts as a list of one), or null after reporting. */
  private static List<String> strings(Object v, String path, ConfigBuilder.Problems problems) {
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        if (o == null || o instanceof Map || o instanceof List) {
          problems.report(path, "" + path + " must be a list of paths");
          return null;
        }
        out.add(ConfigBuilder.string(o));
      }
      return out;
    }
    if (v == null || v instanceof Map) {
      problems.report(path, "" + path + " must be a list of paths");
      return null;
    }
    return List.of(ConfigBuilder.string(v));
  }

  /** Helm's rule for release names: a DNS-1123 subdomain of at most 53 characters. */
  private static boolean isReleaseName(String s) {
    return s.length() <= 53 && s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  }
}
