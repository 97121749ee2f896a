package dev.meshprobe.engine;

import dev.meshprobe.context.ContextSettings;
import dev.meshprobe.mesh.IstioVersion;
import dev.meshprobe.mesh.MeshSettings;
import dev.meshprobe.mesh.MtlsMode;
import dev.meshprobe.mesh.Setting;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.yaml.ParseLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Layers configuration trees (maps, lists and scalars, from {@code .meshprobe.yaml}, editor settings
 * or flags) over a base configuration. Parsing is lenient: a bad value is reported to the problem sink
 * with its key path and the previous value is kept.
 */
public final class ConfigBuilder {
  /** How facts name the layer of editor settings, and of command-line flags. */
  static final String EDITOR_SETTINGS = "editor settings";
  static final String FLAGS = "command-line flags";

  /** Receives a problem at a key path such as {@code mesh.mtls} or {@code ignore[1].rule}. */
  public interface Problems {
    void report(String path, String message);
  }

  private Setting<IstioVersion> version;
  private Setting<String> rootNamespace;
  private Setting<Boolean> rewrite;
  private Setting<MtlsMode> mtls;
  private Setting<Boolean> assumeInjected;
  private Setting<String> defaultNamespace;
  private final Map<String, Map<String, String>> namespaces;
  private final Map<String, Severity> rules;
  private final List<Config.IgnoreEntry> ignores;
  private ParseLimits limits;
  private final List<String> includes;
  private ContextSettings contexts;

  public ConfigBuilder(Config base) {
    MeshSettings m = base.mesh();
    version = m.version();
    rootNamespace = m.rootNamespace();
    rewrite = m.rewriteAppHTTPProbe();
    mtls = m.mtls();
    assumeInjected = m.assumeInjected();
    defaultNamespace = base.defaultNamespace();
    namespaces = new LinkedHashMap<>(m.declaredNamespaces());
    rules = new LinkedHashMap<>(base.ruleSeverities());
    ignores = new ArrayList<>(base.ignores());
    limits = base.limits();
    includes = new ArrayList<>(base.includes());
    contexts = base.contexts();
  }

  public Config build() {
    return new Config(new MeshSettings(version, rootNamespace, rewrite, mtls, assumeInjected, namespaces),
        defaultNamespace, rules, ignores, limits, includes, contexts);
  }

  /** Applies one layer; {@code source} names it in facts ("configured in .meshprobe.yaml"). */
  public ConfigBuilder apply(Map<String, Object> tree, String source, Problems problems) {
    if (tree == null) {
      return this;
    }
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      switch (key) {
        case "istio" -> istio(map(v, key, problems), source, problems);
        case "mesh" -> mesh(map(v, key, problems), source, problems);
        case "defaultNamespace" -> {
          String s = string(v);
          if (isName(s)) {
            defaultNamespace = new Setting<>(s, source);
          } else if (v != null) {
            problems.report(key, "defaultNamespace must be a namespace name such as shop");
          }
        }
        case "rules" -> rules(map(v, key, problems), problems);
        case "ignore" -> ignore(v, source, problems);
        case "namespaces" -> namespaces(map(v, key, problems), problems);
        case "limits" -> limits(map(v, key, problems), problems);
        case "include" -> include(v, problems);
        case "tools" -> contexts = ContextConfig.tools(contexts, map(v, key, problems), source, problems);
        case "helm" -> contexts = ContextConfig.helm(contexts, map(v, key, problems), source, problems);
        case "contexts" -> contexts = ContextConfig.contexts(contexts, v, source, problems);
        default -> problems.report(key, "unknown key " + key
            + ": expected istio, mesh, defaultNamespace, rules, ignore, include, namespaces, limits, tools, helm or contexts");
      }
    }
    return this;
  }

  private void istio(Map<String, Object> m, String source, Problems problems) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String path = "istio." + e.getKey();
      Object v = e.getValue();
      switch (e.getKey()) {
        case "version" -> {
          IstioVersion parsed = IstioVersion.parse(string(v));
          if (parsed != null) {
            version = new Setting<>(parsed, source);
          } else if (v != null && !string(v).isEmpty()) {
            problems.report(path, "istio.version must be an Istio 1.x version such as \"1.30\"; the newest version is used instead");
          }
        }
        case "rootNamespace" -> {
          String s = string(v);
          if (isName(s)) {
            rootNamespace = new Setting<>(s, source);
          } else if (v != null) {
            problems.report(path, "istio.rootNamespace must be a namespace name such as istio-system");
          }
        }
        case "rewriteAppHTTPProbe" -> {
          if (v == null) {
            rewrite = new Setting<>(null, null);
          } else {
            Boolean b = bool(v);
            if (b == null) {
              problems.report(path, "istio.rewriteAppHTTPProbe must be true or false");
            } else {
              rewrite = new Setting<>(b, source);
            }
          }
        }
        default -> problems.report(path, "unknown key " + e.getKey() + " under istio: expected version, rootNamespace or rewriteAppHTTPProbe");
      }
    }
  }

  private void mesh(Map<String, Object> m, String source, Problems problems) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String path = "mesh." + e.getKey();
      String s = string(e.getValue());
      switch (e.getKey()) {
        case "mtls" -> {
          MtlsMode mode = s == null ? null : MtlsMode.parse(s);
          if (mode == null || mode == MtlsMode.UNSET) {
            if (e.getValue() != null) {
              problems.report(path, "mesh.mtls must be STRICT, PERMISSIVE or DISABLE");
            }
          } else {
            mtls = new Setting<>(mode, source);
          }
        }
        case "injection" -> {
          if ("assume-injected".equals(s)) {
            assumeInjected = new Setting<>(true, source);
          } else if ("assume-not-injected".equals(s)) {
            assumeInjected = new Setting<>(false, source);
          } else if (e.getValue() != null) {
            problems.report(path, "mesh.injection must be assume-injected or assume-not-injected");
          }
        }
        default -> problems.report(path, "unknown key " + e.getKey() + " under mesh: expected mtls or injection");
      }
    }
  }

  private void rules(Map<String, Object> m, Problems problems) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String path = "rules." + e.getKey();
      if (Rules.byId(e.getKey()) == null) {
        problems.report(path, "unknown rule " + e.getKey() + "");
        continue;
      }
      String s = string(e.getValue());
      if (s != null && s.trim().equalsIgnoreCase("off")) {
        rules.put(e.getKey(), null);
      } else if (Severity.parse(s) != null) {
        rules.put(e.getKey(), Severity.parse(s));
      } else if (e.getValue() != null) {
        problems.report(path, "a rule's severity must be error, warning, info, hint or off");
      }
    }
  }

  private void ignore(Object v, String source, Problems problems) {
    List<?> list = list(v, "ignore", "entries with path, rule and resource", problems);
    for (int i = 0; i < list.size(); i++) {
      String path = "ignore[" + i + "]";
      Map<String, Object> m = map(list.get(i), path, problems);
      String glob = null;
      String rule = null;
      String resource = null;
      for (Map.Entry<String, Object> e : m.entrySet()) {
        switch (e.getKey()) {
          case "path" -> glob = string(e.getValue());
          case "rule" -> rule = string(e.getValue());
          case "resource" -> resource = string(e.getValue());
          default -> problems.report(path + "." + e.getKey(), "unknown key " + e.getKey() + " in an ignore entry: expected path, rule or resource");
        }
      }
      if (rule != null && Rules.byId(rule) == null) {
        problems.report(path + ".rule", "unknown rule " + rule + "");
        continue;
      }
      if (glob != null && !isGlob(glob)) {
        problems.report(path + ".path", glob + " is not a glob (an unclosed [ or {?); this entry is not used");
        continue;
      }
      if (glob == null && rule == null && resource == null) {
        if (!m.isEmpty()) {
          problems.report(path, "an ignore entry needs path, rule or resource");
        }
        continue;
      }
      ignores.add(new Config.IgnoreEntry(glob, rule, resource, source));
    }
  }

  /** Path globs the walk of a folder takes although they are below a {@code testdata} folder. */
  private void include(Object v, Problems problems) {
    List<?> list = list(v, "include", "path globs, such as \"**/testdata/**\"", problems);
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String glob = item instanceof Map || item instanceof List ? null : string(item);
      if (glob == null || glob.isEmpty()) {
        problems.report("include[" + i + "]", "an include entry must be a path glob, such as \"**/testdata/**\"");
      } else {
        includes.add(glob);
      }
    }
  }

  /** True when {@code glob} compiles as the workspace matches paths with it ({@link Layout#matches}). */
  private static boolean isGlob(String glob) {
    try {
      java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void namespaces(Map<String, Object> m, Problems problems) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String path = "namespaces." + e.getKey();
      Map<String, Object> ns = map(e.getValue(), path, problems);
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, Object> l : map(ns.get("labels"), path + ".labels", problems).entrySet()) {
        labels.put(l.getKey(), l.getValue() == null ? "" : string(l.getValue()));
      }
      for (String k : ns.keySet()) {
        if (!k.equals("labels")) {
          problems.report(path + "." + k, "unknown key " + k + " for a namespace: expected labels");
        }
      }
      namespaces.put(e.getKey(), Map.copyOf(labels));
    }
  }

  private void limits(Map<String, Object> m, Problems problems) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String path = "limits." + e.getKey();
      Integer n = integer(e.getValue());
      if (n == null || n <= 0) {
        problems.report(path, "" + path + " must be a positive whole number");
        continue;
      }
      switch (e.getKey()) {
        case "maxFileSizeMB" -> limits = new ParseLimits((int) Math.min(Integer.MAX_VALUE - 16L, n * 1024L * 1024L), limits.maxAliases(), limits.maxDepth());
        case "maxAliases" -> limits = new ParseLimits(limits.maxFileChars(), n, limits.maxDepth());
        case "maxDepth" -> limits = new ParseLimits(limits.maxFileChars(), limits.maxAliases(), n);
        default -> problems.report(path, "unknown key " + e.getKey() + " under limits: expected maxFileSizeMB, maxAliases or maxDepth");
      }
    }
  }

  /** The value as a list; else empty, reported (unless absent) as not the list of {@code what} it must be. */
  private static List<?> list(Object v, String path, String what, Problems problems) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v != null) {
      problems.report(path, path + " must be a list of " + what);
    }
    return List.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object v, String path, Problems problems) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    if (v != null) {
      problems.report(path, "" + path + " must be a mapping");
    }
    return Map.of();
  }

  static String string(Object v) {
    return v == null ? null : v.toString().trim();
  }

  private static Boolean bool(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    String s = string(v);
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  static Integer integer(Object v) {
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return v == null ? null : Integer.valueOf(string(v));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isName(String s) {
    return s != null && s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }
}
