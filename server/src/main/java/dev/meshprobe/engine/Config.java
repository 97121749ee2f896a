package dev.meshprobe.engine;

import dev.meshprobe.context.ContextSettings;
import dev.meshprobe.mesh.MeshSettings;
import dev.meshprobe.mesh.Setting;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.yaml.ParseLimits;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration for one file (DESIGN §4): defaults, then {@code .meshprobe.yaml}, then
 * editor settings, then command-line flags, each later layer winning. {@code contexts} holds {@code tools},
 * {@code helm.releases} and {@code contexts:} (DESIGN §9).
 *
 * @param ruleSeverities rule id to its severity, or to null when the rule is turned {@code off}
 * @param includes path globs of files the walk of a folder takes although they are in a {@code testdata} folder
 * @param contexts the tools, Helm releases and deployment contexts declared under {@code contexts:} (declared contexts in
 *     order: the first that holds a file wins)
 */
public record Config(
    MeshSettings mesh,
    Setting<String> defaultNamespace,
    Map<String, Severity> ruleSeverities,
    List<IgnoreEntry> ignores,
    ParseLimits limits,
    List<String> includes,
    ContextSettings contexts) {

  public static final Config DEFAULT = new Config(MeshSettings.DEFAULT, Setting.ofDefault("default"), Map.of(), List.of(), ParseLimits.DEFAULT,
      List.of(), ContextSettings.DEFAULT);

  public Config {
    ruleSeverities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ruleSeverities));
    ignores = List.copyOf(ignores);
    includes = List.copyOf(includes);
  }

  /** True when the rule is turned off. */
  public boolean isOff(String ruleId) {
    return ruleSeverities.containsKey(ruleId) && ruleSeverities.get(ruleId) == null;
  }

  /** The configured severity of a rule, or null when not configured. */
  public Severity severityOf(String ruleId) {
    return ruleSeverities.get(ruleId);
  }

  /**
   * An {@code ignore:} entry: a path glob (files not linted at all when it is the only key), or a rule
   * with an optional {@code Kind namespace/name} resource and path.
   */
  public record IgnoreEntry(String path, String rule, String resource, String source) {
    public boolean skipsWholeFile() {
      return path != null && rule == null && resource == null;
    }
  }
}
