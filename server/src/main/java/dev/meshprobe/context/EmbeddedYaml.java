package dev.meshprobe.context;

import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML that lives in a file of its own, or inside a literal block scalar of another file (an inline
 * kustomize {@code patch: |-}), with the way back from its offsets to the file's. A block scalar's value
 * is its lines with the block's indentation taken off, so an offset in the value is found again by its
 * line and its column plus that indentation.
 */
final class EmbeddedYaml {
  final Path file;
  final List<YamlDocument> documents;
  /** Start of each value line in the value, and where that line's content starts in the file; null for a whole file. */
  private final int[] valueLineStarts;
  private final int[] fileLineStarts;

  private EmbeddedYaml(Path file, List<YamlDocument> documents, int[] valueLineStarts, int[] fileLineStarts) {
    this.file = file;
    this.documents = documents;
    this.valueLineStarts = valueLineStarts;
    this.fileLineStarts = fileLineStarts;
  }

  static EmbeddedYaml ofFile(Path file, YamlFile yaml) {
    return yaml == null ? null : new EmbeddedYaml(file, yaml.documents(), null, null);
  }

  /**
   * The YAML inside {@code scalar} (a node of a document starting at {@code docStart} in {@code fileText}),
   * or null when it is not a literal block scalar whose lines can be followed back (tabs, folding).
   */
  static EmbeddedYaml ofBlockScalar(Path file, String fileText, int docStart, YScalar scalar, YamlParser parser) {
    if (scalar.style() != YScalar.Style.LITERAL || fileText == null) {
      return null;
    }
    int at = docStart + scalar.start();
    int headerEnd = fileText.indexOf('\n', at);
    if (headerEnd < 0) {
      return null;
    }
    String value = scalar.value();
    String[] valueLines = value.split("\n", -1);
    int[] valueStarts = new int[valueLines.length];
    int[] fileStarts = new int[valueLines.length];
    int lineStart = headerEnd + 1;
    int indent = -1;
    int v = 0;
    for (int i = 0; i < valueLines.length; i++) {
      valueStarts[i] = v;
      v += valueLines[i].length() + 1;
      if (lineStart > fileText.length() || (i == valueLines.length - 1 && valueLines[i].isEmpty())) {
        // The line after a kept final line break, or the end of the file: nothing of the value is there.
        fileStarts[i] = Math.min(lineStart, fileText.length());
        continue;
      }
      int lineEnd = fileText.indexOf('\n', lineStart);
      lineEnd = lineEnd < 0 ? fileText.length() : lineEnd;
      String line = fileText.substring(lineStart, lineEnd);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (indent < 0 && !line.isBlank()) {
        indent = line.length() - line.stripLeading().length();
      }
      int cut = Math.min(Math.max(indent, 0), line.length());
      if (!line.substring(cut).equals(valueLines[i]) && !(valueLines[i].isEmpty() && line.isBlank())) {
        return null;
      }
      fileStarts[i] = lineStart + cut;
      lineStart = lineEnd + 1;
    }
    YamlFile parsed = parser.parse(value);
    List<YamlDocument> docs = new ArrayList<>(parsed.documents());
    return new EmbeddedYaml(file, docs, valueStarts, fileStarts);
  }

  /** The file offset of offset {@code rel} of a node in {@code doc}. */
  int fileOffset(YamlDocument doc, int rel) {
    int o = doc.start() + rel;
    if (valueLineStarts == null) {
      return o;
    }
    int lo = 0;
    int hi = valueLineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (valueLineStarts[mid] <= o) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return fileLineStarts[lo] + (o - valueLineStarts[lo]);
  }

  Location location(YamlDocument doc, int relStart, int relEnd, Origin origin, boolean literal) {
    return new Location(file, fileOffset(doc, relStart), fileOffset(doc, relEnd), origin, literal);
  }
}
