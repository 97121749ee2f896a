package dev.meshprobe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.Position;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The JSON report of DESIGN §5: positions 0-based, columns in UTF-16 units as in LSP. Each finding also
 * lists the facts that decided it ({@code facts}: a message, and a file and range for those seen in
 * the workspace), the deployment contexts that give it ({@code contexts}: the names of the Helm releases
 * and Kustomize entries, empty for plain files) and carries its {@link Fingerprint}; with a baseline, {@code baseline} says which
 * file, how many known findings were left out and which entries matched nothing ({@code fixed}).
 */
final class JsonReporter {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReporter() {}

  static void write(PrintStream out, List<Reported> findings, int files, String istioVersion, String toolVersion,
      Baseline.Comparison baseline, String baselineFile) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("tool", "meshprobe");
    root.put("version", toolVersion);
    root.put("istioVersion", istioVersion);
    root.put("files", files);
    ArrayNode list = root.putArray("findings");
    for (Reported r : findings) {
      Finding f = r.finding();
      ObjectNode o = list.addObject();
      o.put("file", r.file());
      o.put("rule", f.rule());
      o.put("severity", f.severity().id());
      o.put("message", f.message());
      ObjectNode range = o.putObject("range");
      position(range.putObject("start"), r.start());
      position(range.putObject("end"), r.end());
      Finding.Subject s = f.subject();
      if (s.kind() == null) {
        o.putNull("resource");
      } else {
        ObjectNode res = o.putObject("resource");
        res.put("apiVersion", s.apiVersion());
        res.put("kind", s.kind());
        res.put("namespace", s.namespace());
        res.put("name", s.name());
      }
      o.put("container", s.container());
      o.put("probe", s.probe());
      ArrayNode contexts = o.putArray("contexts");
      f.contexts().forEach(contexts::add);
      ArrayNode facts = o.putArray("facts");
      for (Reported.RelatedReported rel : r.related()) {
        ObjectNode fact = facts.addObject();
        fact.put("message", rel.message());
        fact.put("file", rel.file());
        ObjectNode at = fact.putObject("range");
        position(at.putObject("start"), rel.start());
        position(at.putObject("end"), rel.end());
      }
      for (String note : f.notes()) {
        facts.addObject().put("message", note);
      }
      o.put("fingerprint", r.fingerprint().hash());
    }
    if (baseline != null) {
      ObjectNode b = root.putObject("baseline");
      b.put("file", baselineFile);
      b.put("known", baseline.known());
      ArrayNode fixed = b.putArray("fixed");
      for (Baseline.Entry e : baseline.fixed()) {
        Baseline.entry(fixed.addObject(), e);
      }
    }
    out.println(MAPPER.writeValueAsString(root));
  }

  private static void position(ObjectNode o, Position p) {
    o.put("line", p.line());
    o.put("character", p.character());
  }
}
