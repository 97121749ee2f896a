package dev.meshprobe.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a command as {@code meshprobe} would in a working directory, capturing its output and status. */
final class Cli {
  record Run(int code, String out, String err) {}

  private Cli() {}

  static Run check(Path cwd, String... args) {
    return run(cwd, (out, err) -> new CheckCommand(out, err, cwd).run(args));
  }

  static Run rules(Path cwd, String... args) {
    return run(cwd, (out, err) -> new RulesCommand(out, err, cwd).run(args));
  }

  static Run explain(String... args) {
    return run(null, (out, err) -> new ExplainCommand(out, err).run(args));
  }

  private interface Command {
    int run(PrintStream out, PrintStream err);
  }

  private static Run run(Path cwd, Command command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = command.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
