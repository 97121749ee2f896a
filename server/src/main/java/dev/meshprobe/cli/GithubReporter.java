package dev.meshprobe.cli;

import dev.meshprobe.rules.Severity;
import java.io.PrintStream;
import java.util.List;

/**
 * GitHub Actions workflow commands, one line a finding, which the runner turns into annotations on the
 * pull request's files: {@code ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE}.
 * Lines and columns count from 1, columns in UTF-16 units with the end column just past the range, as
 * in the SARIF report. error and warning keep their level; info and hint are {@code ::notice}.
 *
 * <p>Escaping as the runner undoes it (actions/toolkit {@code packages/core/src/command.ts},
 * {@code escapeData} and {@code escapeProperty}): in the message {@code %}, CR and LF become
 * {@code %25}, {@code %0D}, {@code %0A}; in a property also {@code :} and {@code ,} become {@code %3A}
 * and {@code %2C}, which would otherwise end the property list or the property.
 */
final class GithubReporter {
  private GithubReporter() {}

  static void write(PrintStream out, List<Reported> findings, Baseline.Comparison baseline, String baselineFile) {
    for (Reported r : findings) {
      out.println("::" + command(r.finding().severity())
          + " file=" + property(r.file().replace('\\', '/'))
          + ",line=" + (r.start().line() + 1)
          + ",col=" + (r.start().character() + 1)
          + ",endLine=" + (r.end().line() + 1)
          + ",endColumn=" + (r.end().character() + 1)
          + ",title=" + property(r.finding().rule())
          + "::" + data(r.finding().message()));
    }
    if (baseline != null && !baseline.fixed().isEmpty()) {
      out.println("::notice title=" + property("Meshprobe baseline") + "::"
          + data(baseline.fixedCount() + " finding(s) of the baseline " + baselineFile
              + " no longer occur; write it again with --write-baseline to drop them"));
    }
  }

  static String command(Severity s) {
    return switch (s) {
      case ERROR -> "error";
      case WARNING -> "warning";
      default -> "notice";
    };
  }

  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
