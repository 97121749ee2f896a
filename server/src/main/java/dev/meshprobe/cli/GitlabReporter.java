package dev.meshprobe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshprobe.rules.Severity;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A GitLab Code Quality report (the {@code artifacts:reports:codequality} file): a JSON array with, per
 * finding, {@code description}, {@code check_name} (the rule id), {@code fingerprint}, {@code severity}
 * and {@code location.path} with {@code location.lines.begin}/{@code end} (1-based). The fingerprint
 * is the baseline's {@link Fingerprint}, with {@code -2}, {@code -3}... on later findings that share
 * it, because GitLab shows one issue per fingerprint. Severities: error → critical, warning → major,
 * info → minor, hint → info (blocker is not used: no finding stops a deployment by itself).
 */
final class GitlabReporter {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GitlabReporter() {}

  static void write(PrintStream out, List<Reported> findings) throws IOException {
    ArrayNode list = MAPPER.createArrayNode();
    for (Reported r : findings) {
      ObjectNode o = list.addObject();
      o.put("type", "issue");
      o.put("description", r.finding().message());
      o.put("check_name", r.finding().rule());
      o.put("fingerprint", r.occurrenceKey());
      o.put("severity", severity(r.finding().severity()));
      o.putArray("categories").add("Bug Risk");
      ObjectNode location = o.putObject("location");
      location.put("path", r.file().replace('\\', '/'));
      ObjectNode lines = location.putObject("lines");
      lines.put("begin", r.start().line() + 1);
      lines.put("end", r.end().line() + 1);
    }
    out.println(MAPPER.writeValueAsString(list));
  }

  static String severity(Severity s) {
    return switch (s) {
      case ERROR -> "critical";
      case WARNING -> "major";
      case INFO -> "minor";
      case HINT -> "info";
    };
  }
}
