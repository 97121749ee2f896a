package dev.meshprobe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.text.Position;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0: rule metadata with help links, 1-based lines, UTF-16 columns counted from 1, and each
 * result's {@link Fingerprint} as its partial fingerprint {@code meshprobe/v1}.
 */
final class SarifReporter {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifReporter() {}

  static void write(PrintStream out, List<Reported> findings, String toolVersion) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "meshprobe");
    driver.put("version", toolVersion);
    driver.put("informationUri", "https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/");
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new HashMap<>();
    for (Rule r : Rules.all()) {
      index.put(r.id(), index.size());
      ObjectNode o = rules.addObject();
      o.put("id", r.id());
      o.putObject("shortDescription").put("text", r.summary());
      o.putObject("fullDescription").put("text", r.summary());
      o.put("helpUri", r.href());
      o.putObject("help").put("text", r.summary() + " See " + r.href());
      o.putObject("defaultConfiguration").put("level", level(r.defaultSeverity()));
    }
    run.put("columnKind", "utf16CodeUnits");
    ArrayNode results = run.putArray("results");
    for (Reported rep : findings) {
      ObjectNode res = results.addObject();
      res.put("ruleId", rep.finding().rule());
      res.put("ruleIndex", index.getOrDefault(rep.finding().rule(), -1));
      res.put("level", level(rep.finding().severity()));
      res.putObject("message").put("text", rep.finding().message());
      location(res.putArray("locations").addObject(), rep.file(), rep.start(), rep.end());
      // The baseline's fingerprint, which no line number enters: code scanning matches results across
      // commits by their partial fingerprints.
      res.putObject("partialFingerprints").put("meshprobe/v1", rep.occurrenceKey());
      if (!rep.finding().contexts().isEmpty()) {
        ArrayNode contexts = res.putObject("properties").putArray("contexts");
        rep.finding().contexts().forEach(contexts::add);
      }
      if (!rep.related().isEmpty()) {
        ArrayNode related = res.putArray("relatedLocations");
        int id = 0;
        for (Reported.RelatedReported r : rep.related()) {
          ObjectNode loc = related.addObject();
          loc.put("id", id++);
          location(loc, r.file(), r.start(), r.end());
          loc.putObject("message").put("text", r.message());
        }
      }
    }
    out.println(MAPPER.writeValueAsString(root));
  }

  private static void location(ObjectNode loc, String file, Position start, Position end) {
    ObjectNode physical = loc.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", file.replace('\\', '/'));
    ObjectNode region = physical.putObject("region");
    region.put("startLine", start.line() + 1);
    region.put("startColumn", start.character() + 1);
    region.put("endLine", end.line() + 1);
    region.put("endColumn", end.character() + 1);
  }

  static String level(Severity s) {
    return switch (s) {
      case ERROR -> "error";
      case WARNING -> "warning";
      default -> "note";
    };
  }
}
