package dev.meshprobe.engine;

import dev.meshprobe.rules.Rule;
import java.nio.file.Path;
import java.util.List;

/** Test-only access to the engine's package-private hooks, for tests in other packages. */
public final class EngineTestAccess {
  private EngineTestAccess() {}

  /** The files the workspace walk reads under {@code root}, as the index and the command line find them. */
  public static List<Path> walk(Path root) {
    return new Workspace(List.of(root), Log.SILENT).layout().walk(Log.SILENT);
  }

  /** Makes {@code ws} run {@code rules} instead of the registered ones. */
  public static void useRules(Workspace ws, List<Rule> rules) {
    ws.useRules(rules);
  }
}
