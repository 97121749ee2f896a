package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.time.Duration;
import java.util.List;

/**
 * What the configuration says about deployment contexts (DESIGN §4, §9): the tools ({@code tools.helm},
 * {@code tools.kustomize}, where {@code kubectl} means {@code kubectl kustomize}; unset means found on
 * the PATH), the time limit of one render ({@code tools.timeoutSeconds}), configured Helm releases and
 * declared contexts.
 */
public record ContextSettings(
    Setting<String> helm,
    Setting<String> kustomize,
    Setting<Integer> timeoutSeconds,
    List<HelmRelease> releases,
    List<DeclaredContext> declared) {

  /** A render that takes longer is stopped: long enough for a large chart, short enough for an editor. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 10;

  public static final ContextSettings DEFAULT = new ContextSettings(
      Setting.ofDefault(null), Setting.ofDefault(null), Setting.ofDefault(DEFAULT_TIMEOUT_SECONDS), List.of(), List.of());

  public ContextSettings {
    releases = List.copyOf(releases);
    declared = List.copyOf(declared);
  }

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds.value());
  }

  public ContextSettings withTools(Setting<String> helm, Setting<String> kustomize) {
    return new ContextSettings(helm, kustomize, timeoutSeconds, releases, declared);
  }
}
