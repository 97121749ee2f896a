package dev.meshprobe.reliability;

import dev.meshprobe.engine.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log that keeps the engine's warnings (a rule or a parse that threw) so that a test can fail on them. */
public final class Failures implements Log {
  record Warning(String message, Throwable error) {}

  final List<Warning> warnings = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {}

  @Override
  public void warn(String message, Throwable error) {
    warnings.add(new Warning(message, error));
  }

  /** Fails with the first warning's exception as the cause. */
  public void check() {
    if (!warnings.isEmpty()) {
      Warning w = warnings.get(0);
      throw new AssertionError("the engine logged " + warnings.size() + " warning(s), first: " + w.message(), w.error());
    }
  }
}
