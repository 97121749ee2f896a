package dev.meshprobe.rules;

import java.util.Locale;

/** How loudly a finding is reported, from loudest to quietest. */
public enum Severity {
  ERROR, WARNING, INFO, HINT;

  /** One level milder (error → warning → info → hint), for verdicts that rest on an assumed fact. */
  public Severity milder() {
    return this == HINT ? HINT : values()[ordinal() + 1];
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses error|warning|info|hint; null for anything else (including "off"). */
  public static Severity parse(String s) {
    if (s == null) {
      return null;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "error" -> ERROR;
      case "warning", "warn" -> WARNING;
      case "info", "information" -> INFO;
      case "hint" -> HINT;
      default -> null;
    };
  }
}
