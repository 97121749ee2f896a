package dev.meshprobe.lsp;

import com.google.gson.JsonObject;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.text.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    Diagnostic d = new Diagnostic(range(text, f.where().start(), f.where().end()), f.message(), severity(f.severity()), "meshprobe", f.rule());
    if (f.href() != null) {
      d.setCodeDescription(new DiagnosticCodeDescription(f.href()));
    }
    List<DiagnosticRelatedInformation> related = new ArrayList<>();
    for (Finding.Related r : f.related()) {
      SourceRef where = r.where();
      var other = ws.file(Path.of(where.file()));
      if (other != null && other.source() != null) {
        related.add(new DiagnosticRelatedInformation(
            new Location(uris.uriOf(Path.of(where.file())), range(other.source(), where.start(), where.end())), r.message()));
      }
    }
    if (!related.isEmpty()) {
      d.setRelatedInformation(related);
    }
    JsonObject data = new JsonObject();
    data.addProperty("rule", f.rule());
    Finding.Subject s = f.subject();
    if (s.kind() != null) {
      data.addProperty("kind", s.kind());
      data.addProperty("namespace", s.namespace());
      data.addProperty("name", s.name());
    }
    if (s.container() != null) {
      data.addProperty("container", s.container());
      data.addProperty("probe", s.probe());
    }
    data.addProperty("offset", f.where().start());
    d.setData(data);
    return d;
  }
}
