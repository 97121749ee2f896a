package dev.meshprobe.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a tool run that went wrong into a {@link RenderFailure} a user can act on. */
final class ToolFailures {
  /** How many lines of the tool's output a failure keeps, and how long each may be. */
  static final int MAX_LINES = 8;
  static final int MAX_LINE = 400;
  private static final Pattern MISSING_RESOURCE = Pattern.compile("accumulating resources from '([^']+)'");
  /** How much of the tool's first line goes into the one-sentence message (which holds at most 160 characters). */
  private static final int MAX_IN_MESSAGE = 80;

  private ToolFailures() {}

  static RenderFailure missing(DeploymentContext context, String why) {
    return new RenderFailure(context, RenderFailure.Reason.TOOL_MISSING, why, List.of());
  }

  /** Null when the run succeeded; else the failure. {@code clean} rewrites each line before it is shown. */
  static RenderFailure of(DeploymentContext context, Tool tool, ExternalProcess.Outcome outcome, Duration timeout,
      long maxOutputBytes, UnaryOperator<String> clean) {
    List<String> lines = firstLines(outcome.stderr().isBlank() ? outcome.stdout() : outcome.stderr(), clean);
    if (outcome.timedOut()) {
      return new RenderFailure(context, RenderFailure.Reason.TIMED_OUT, tool.display() + " did not finish within "
          + timeout.toSeconds() + " s and was stopped; raise tools.timeoutSeconds if it needs longer", lines);
    }
    if (outcome.tooLarge()) {
      return new RenderFailure(context, RenderFailure.Reason.OUTPUT_TOO_LARGE, tool.display() + " printed more than "
          + (maxOutputBytes / (1024 * 1024)) + " MB, the size limit (limits.maxFileSizeMB)", List.of());
    }
    if (outcome.exitCode() != 0) {
      String first = lines.isEmpty() ? "exit code " + outcome.exitCode() : summary(lines.get(0));
      return new RenderFailure(context, RenderFailure.Reason.TOOL_FAILED, tool.display() + " failed: " + first, lines);
    }
    return null;
  }

  /**
   * A tool's error line as a message can hold it: without its {@code Error:} prefix, and when it is long,
   * its end, where helm and kustomize name what is missing (their lines nest the causes left to right:
   * "an error occurred while checking for chart dependencies. ...: missing in charts/ directory: redis").
   */
  static String summary(String line) {
    String s = line.strip();
    while (s.regionMatches(true, 0, "error: ", 0, 7)) {
      s = s.substring(7).strip();
    }
    // kustomize (v5.6.0) nests a missing resource in three layers of "accumulating resources" and
    // "evalsymlink failure": the first resource it names is the one the kustomization lists.
    Matcher missing = MISSING_RESOURCE.matcher(s);
    if (missing.find() && s.contains("no such file or directory")) {
      return "resource " + missing.group(1) + " is listed but not there (no such file or directory)";
    }
    if (s.length() <= MAX_IN_MESSAGE) {
      return s;
    }
    int from = s.length() - MAX_IN_MESSAGE;
    int space = s.indexOf(' ', from);
    return "…" + s.substring(space < 0 || space > s.length() - 20 ? from : space + 1);
  }

  static List<String> firstLines(String text, UnaryOperator<String> clean) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (out.size() == MAX_LINES) {
        break;
      }
      String l = clean.apply(line.strip());
      if (!l.isEmpty()) {
        out.add(l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + "…" : l);
      }
    }
    return out;
  }
}
