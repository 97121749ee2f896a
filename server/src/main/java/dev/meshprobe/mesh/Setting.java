package dev.meshprobe.mesh;

/**
 * A configuration value and where it was set ({@code source} is null for the built-in default), so
 * that facts derived from it can say "configured" or "assumed".
 */
public record Setting<T>(T value, String source) {
  public static <T> Setting<T> ofDefault(T value) {
    return new Setting<>(value, null);
  }

  public boolean isConfigured() {
    return source != null;
  }
}
