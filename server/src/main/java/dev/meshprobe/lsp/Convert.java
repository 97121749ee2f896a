package dev.meshprobe.lsp;

import dev.meshprobe.engine.Workspace;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.text.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Engine values to protocol values: offsets become UTF-16 positions here and nowhere else. */
final class Convert {
  private Convert() {}

  static Position position(SourceText text, int offset) {
    dev.meshprobe.text.Position p = text.position(offset);
    return new Position(p.line(), p.character());
  }

  static Range range(SourceText text, int start, int end) {
    return new Range(position(text, start), position(text, end));
  }

  static int offset(SourceText text, Position p) {
    return text.lines().offset(p.getLine(), p.getCharacter());
  }

  static DiagnosticSeverity severity(Severity s) {
    return switch (s) {
      case ERROR -> DiagnosticSeverity.Error;
      case WARNING -> DiagnosticSeverity.Warning;
      case INFO -> DiagnosticSeverity.Information;
      case HINT -> DiagnosticSeverity.Hint;
    };
  }

  static Diagnostic diagnostic(Finding f, SourceText text, Workspace ws, Uris uris) {
    return diagnostics(List.of(f), text, ws, uris).get(0);
  }

  static List<Diagnostic> diagnostics(List<Finding> findings, SourceText text, Workspace ws, Uris uris) {
    return diagnostics(findings, text, ws, uris, Map.of(), new IdentityHashMap<>());
  }

  /**
   * The findings of one file as protocol diagnostics. The files that related information points into
   * are looked up once for the whole list: most findings of a file cite the same few policies. A
   * finding converted last time ({@code previous}: findings of unchanged documents are the same
   * objects) whose ranges have not moved gives the same diagnostic object again, so that comparing
   * with what was published is cheap. {@code next} receives this conversion for the next one.
   */
  static List<Diagnostic> diagnostics(List<Finding> findings, SourceText text, Workspace ws, Uris uris,
      Map<Finding, Diagnostic> previous, Map<Finding, Diagnostic> next) {
    record Target(String uri, SourceText source) {}
    Map<String, Target> targets = new HashMap<>();
    List<Diagnostic> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      List<DiagnosticRelatedInformation> related = new ArrayList<>(f.related().size());
      for (Finding.Related r : f.related()) {
        SourceRef where = r.where();
        Target t = targets.computeIfAbsent(where.file(), file -> {
          Path p = Path.of(file);
          var other = ws.file(p);
          return other == null || other.source() == null ? null : new Target(uris.uriOf(p), other.source());
        });
        if (t != null) {
          related.add(new DiagnosticRelatedInformation(new Location(t.uri, range(t.source, where.start(), where.end())), r.message()));
        }
      }
      Range range = range(text, f.where().start(), f.where().end());
      Diagnostic d = previous.get(f);
      if (d == null || !d.getRange().equals(range) || !Objects.equals(d.getRelatedInformation(), related.isEmpty() ? null : related)) {
        d = diagnostic(f, range, related, d instanceof PublishedDiagnostic moved ? moved : null);
      }
      next.put(f, d);
      out.add(d);
    }
    return out;
  }

  /** A new diagnostic for {@code f}; {@code moved} is the one it gave before it moved, or null. */
  private static Diagnostic diagnostic(Finding f, Range range, List<DiagnosticRelatedInformation> related, PublishedDiagnostic moved) {
    Diagnostic d = moved == null ? new PublishedDiagnostic(range, f.message(), severity(f.severity()), "meshprobe", f.rule())
        : new PublishedDiagnostic(range, f.message(), severity(f.severity()), "meshprobe", f.rule(), moved);
    if (f.href() != null) {
      d.setCodeDescription(new DiagnosticCodeDescription(f.href()));
    }
    if (!related.isEmpty()) {
      d.setRelatedInformation(related);
    }
    return d;
  }
}
