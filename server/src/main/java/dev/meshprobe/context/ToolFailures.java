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
  /** The kustomization kustomize was building when it recursed into another one. */
  private static final Pattern RECURSED = Pattern.compile("recursed accumulation of path '([^']+)'");
  /** kustomize's words for a listed folder that holds no kustomization. */
  private static final Pattern NO_KUSTOMIZATION = Pattern.compile("unable to find one of 'kustomization\\.yaml', 'kustomization\\.yml' or 'Kustomization' in directory");
  /** Helm 4's error line when a template fails: only the template's place; the cause follows on later lines. */
  private static final Pattern TEMPLATE_PLACE = Pattern.compile("\\S+:\\d+(:\\d+)?");
  /** How much of the tool's first line goes into the one-sentence message (which holds at most 160 characters). */
  private static final int MAX_IN_MESSAGE = 80;

  private ToolFailures() {}

  static RenderFailure missing(DeploymentContext context, String why) {
    return new RenderFailure(context, RenderFailure.Reason.TOOL_MISSING, why, List.of());
  }

  /** Null when the run succeeded; else the failure. {@code clean} rewrites each line before it is shown. */
  static RenderFailure of(DeploymentContext context, Tool tool, ExternalProcess.Outcome outcome, Duration timeout,
      long maxOutputBytes, UnaryOperator<String> clean) {
    String output = outcome.stderr().isBlank() ? outcome.stdout() : outcome.stderr();
    List<String> lines = firstLines(output, clean);
    if (outcome.timedOut()) {
      return new RenderFailure(context, RenderFailure.Reason.TIMED_OUT, tool.display() + " did not finish within "
          + timeout.toSeconds() + " s and was stopped; raise tools.timeoutSeconds if it needs longer", lines);
    }
    if (outcome.tooLarge()) {
      return new RenderFailure(context, RenderFailure.Reason.OUTPUT_TOO_LARGE, tool.display() + " printed more than "
          + (maxOutputBytes / (1024 * 1024)) + " MB, the size limit (limits.maxFileSizeMB)", List.of());
    }
    if (outcome.exitCode() != 0) {
      List<String> whole = output.lines().map(String::strip).map(clean).filter(l -> !l.isEmpty()).toList();
      String first = whole.isEmpty() ? "exit code " + outcome.exitCode() : summary(whole);
      return new RenderFailure(context, RenderFailure.Reason.TOOL_FAILED, tool.display() + " failed: " + first, lines);
    }
    return null;
  }

  /** {@link #summary(List)} of one line. */
  static String summary(String line) {
    return summary(List.of(line));
  }

  /**
   * What went wrong, as a message can hold it, from the tool's output: its error line (not the
   * deprecation warnings kustomize prints first), without its {@code Error:} prefix; when helm gives
   * only the failing template's place there, the cause from the lines after it; when long, its end,
   * where helm and kustomize name what is missing (their lines nest the causes left to right: "an error
   * occurred while checking for chart dependencies. ...: missing in charts/ directory: redis").
   */
  static String summary(List<String> lines) {
    int at = errorLine(lines);
    String s = withoutErrorPrefix(lines.get(at));
    if (TEMPLATE_PLACE.matcher(s).matches() || s.endsWith(":")) {
      // helm v4: "Error: chart/templates/x.yaml:4:11", then "executing ... :", "error calling include:",
      // and the cause last ("template: no template \"x.fullname\" associated with ..."); the place is in the notes.
      for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("Use --debug"); i++) {
        if (!lines.get(i).endsWith(":")) {
          s = withoutErrorPrefix(lines.get(i));
        }
      }
      s = s.startsWith("template: ") ? s.substring("template: ".length()) : s;
    }
    // kustomize (v5.6.0) nests a missing resource in layers of "accumulating resources" and "evalsymlink
    // failure", and a kustomization it recursed into in "recursed accumulation of path": the innermost
    // resource it names is the one that is missing, listed by the innermost kustomization.
    if (s.contains("no such file or directory")) {
      String resource = last(MISSING_RESOURCE, s);
      String in = last(RECURSED, s);
      if (resource != null) {
        return in == null ? "resource " + resource + " is listed but not there (no such file or directory)"
            : "resource " + resource + " of " + in + " is listed but not there";
      }
    }
    // A listed folder without a kustomization (kustomize v5.6.0: "... accumulating resources from '../base':
    // ... couldn't make target for path 'base': unable to find one of 'kustomization.yaml', ... in directory
    // 'base'"): the end of that line, which is all that fits, does not say which entry lists the folder.
    if (NO_KUSTOMIZATION.matcher(s).find()) {
      String resource = last(MISSING_RESOURCE, s);
      String in = last(RECURSED, s);
      if (resource != null) {
        return "resource " + resource + (in == null ? "" : " of " + in) + " is a folder without a kustomization.yaml";
      }
    }
    if (s.length() <= MAX_IN_MESSAGE) {
      return s;
    }
    int from = s.length() - MAX_IN_MESSAGE;
    int space = s.indexOf(' ', from);
    return "…" + s.substring(space < 0 || space > s.length() - 20 ? from : space + 1);
  }

  /** The line that says what failed: the first {@code Error:} line, else the first that is not a warning. */
  private static int errorLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).regionMatches(true, 0, "error", 0, 5)) {
        return i;
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.startsWith("#") && !l.regionMatches(true, 0, "warning", 0, 7)) {
        return i;
      }
    }
    return 0;
  }

  private static String withoutErrorPrefix(String line) {
    String s = line.strip();
    while (s.regionMatches(true, 0, "error: ", 0, 7)) {
      s = s.substring(7).strip();
    }
    return s;
  }

  private static String last(Pattern p, String s) {
    Matcher m = p.matcher(s);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    return found;
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
