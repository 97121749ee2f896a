package dev.meshprobe.cli;

import dev.meshprobe.rules.Severity;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Human output: findings grouped by file, one line each as {@code file:line:col severity rule message},
 * then the deployment contexts that give it ({@code in overlays/prod}) and the facts that decided it as indented lines ({@code file:line:col fact} for those seen in the
 * workspace, the fact alone for configured values, assumptions and Istio's defaults). {@code brief}
 * keeps only the finding lines.
 */
final class TextReporter {
  private static final String DETAIL = "      ";

  private TextReporter() {}

  static void write(PrintStream out, List<Reported> findings, int files, String istioVersion, boolean brief) {
    String current = null;
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Reported r : findings) {
      if (!r.file().equals(current)) {
        if (current != null) {
          out.println();
        }
        out.println(r.file());
        current = r.file();
      }
      out.printf("  %s:%d:%d  %-7s  %s  %s%n", r.file(), r.start().line() + 1, r.start().character() + 1,
          r.finding().severity().id(), r.finding().rule(), r.finding().message());
      if (!brief) {
        // The Helm releases and Kustomize entries that give it, when it was decided in one (DESIGN §9).
        for (String context : r.finding().contexts()) {
          out.println(DETAIL + "in " + context);
        }
        for (Reported.RelatedReported rel : r.related()) {
          out.printf("%s%s:%d:%d  %s%n", DETAIL, rel.file(), rel.start().line() + 1, rel.start().character() + 1, rel.message());
        }
        for (String note : r.finding().notes()) {
          out.println(DETAIL + note);
        }
      }
      counts.merge(r.finding().severity(), 1, Integer::sum);
    }
    if (!findings.isEmpty()) {
      out.println();
    }
    StringBuilder summary = new StringBuilder();
    summary.append(findings.size()).append(findings.size() == 1 ? " finding" : " findings");
    if (!counts.isEmpty()) {
      summary.append(" (");
      boolean first = true;
      for (Map.Entry<Severity, Integer> e : counts.entrySet()) {
        summary.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().id());
        first = false;
      }
      summary.append(')');
    }
    summary.append(" in ").append(files).append(files == 1 ? " file" : " files").append(", Istio ").append(istioVersion).append('.');
    out.println(summary);
  }
}
