package dev.meshprobe.engine;

import dev.meshprobe.rules.Rule;
import java.util.List;

/** Test-only access to the engine's package-private hooks, for tests in other packages. */
public final class EngineTestAccess {
  private EngineTestAccess() {}

  /** Makes {@code ws} run {@code rules} instead of the registered ones. */
  public static void useRules(Workspace ws, List<Rule> rules) {
    ws.useRules(rules);
  }
}
