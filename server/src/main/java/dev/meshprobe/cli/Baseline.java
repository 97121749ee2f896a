package dev.meshprobe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings a team has accepted, so that {@code check --baseline FILE} reports only new ones: one
 * entry per {@link Fingerprint} with how many findings carry it (two equal findings in one file are
 * two, and a third one is new). Written sorted, with {@code \n} line ends and no run-dependent field
 * (no version, no date, no message, whose wording changes between releases), so that the file is the
 * same from run to run and diffs well in git. Only the fingerprint is matched; the other fields are
 * there for the reader.
 */
final class Baseline {
  static final int FORMAT = 1;

  /** One fingerprint and how many findings carried it. */
  record Entry(Fingerprint fingerprint, int count) {}

  /** Findings of a run held against a baseline: the new ones, how many were known, the entries that matched nothing. */
  record Comparison(List<Reported> fresh, int known, List<Entry> fixed) {
    int fixedCount() {
      return fixed.stream().mapToInt(Entry::count).sum();
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Comparator<Fingerprint> ORDER = Comparator.comparing(Fingerprint::file)
      .thenComparing(Fingerprint::rule)
      .thenComparing(fp -> nz(fp.resource()))
      .thenComparing(fp -> nz(fp.container()))
      .thenComparing(fp -> nz(fp.probe()))
      .thenComparing(fp -> nz(fp.path()))
      .thenComparing(fp -> nz(fp.line()))
      .thenComparing(Fingerprint::hash);

  private final Map<String, Entry> entries;

  private Baseline(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** The baseline of these findings. */
  static Baseline of(List<Reported> findings) {
    Map<String, Entry> byHash = new LinkedHashMap<>();
    for (Reported r : findings) {
      byHash.merge(r.fingerprint().hash(), new Entry(r.fingerprint(), 1), (a, b) -> new Entry(a.fingerprint(), a.count() + 1));
    }
    return new Baseline(byHash);
  }

  int size() {
    return entries.values().stream().mapToInt(Entry::count).sum();
  }

  /**
   * Splits a run's findings: of the findings with one fingerprint, as many as the baseline counts are
   * known (the first ones, in report order) and the rest are new; what the baseline counts beyond the
   * run's findings is fixed.
   */
  Comparison compare(List<Reported> findings) {
    Map<String, Integer> left = new LinkedHashMap<>();
    entries.forEach((hash, e) -> left.put(hash, e.count()));
    List<Reported> fresh = new ArrayList<>();
    int known = 0;
    for (Reported r : findings) {
      Integer n = left.get(r.fingerprint().hash());
      if (n != null && n > 0) {
        left.put(r.fingerprint().hash(), n - 1);
        known++;
      } else {
        fresh.add(r);
      }
    }
    List<Entry> fixed = new ArrayList<>();
    left.forEach((hash, n) -> {
      if (n > 0) {
        fixed.add(new Entry(entries.get(hash).fingerprint(), n));
      }
    });
    fixed.sort(Comparator.comparing(Entry::fingerprint, ORDER));
    return new Comparison(fresh, known, fixed);
  }

  void write(Path file) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("tool", "meshprobe");
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("findings");
    entries.values().stream().sorted(Comparator.comparing(Entry::fingerprint, ORDER)).forEach(e -> entry(list.addObject(), e));
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
    String text = MAPPER.writer(printer).writeValueAsString(root) + "\n";
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The fields of an entry, as the baseline file and the JSON report's {@code baseline.fixed} write them. */
  static void entry(ObjectNode o, Entry e) {
    Fingerprint fp = e.fingerprint();
    o.put("fingerprint", fp.hash());
    o.put("rule", fp.rule());
    o.put("file", fp.file());
    putIfSet(o, "resource", fp.resource());
    putIfSet(o, "container", fp.container());
    putIfSet(o, "probe", fp.probe());
    putIfSet(o, "path", fp.path());
    putIfSet(o, "line", fp.line());
    o.put("count", e.count());
  }

  /** Reads a baseline file; an {@link IOException} with a message a user can act on when it is not one. */
  static Baseline read(Path file) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IOException("not a JSON file: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("findings").isArray()) {
      throw new IOException("not a Meshprobe baseline (no \"findings\" list); write one with --write-baseline");
    }
    if (root.path("format").asInt(0) != FORMAT) {
      throw new IOException("baseline format " + root.path("format") + " is not " + FORMAT + " (written by another version of Meshprobe?); "
          + "write it again with --write-baseline");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode n : root.get("findings")) {
      String hash = n.path("fingerprint").asText("");
      int count = n.path("count").asInt(1);
      if (!hash.matches("[0-9a-f]{32}") || count < 1) {
        throw new IOException("entry " + i + " has no valid fingerprint or count");
      }
      Fingerprint fp = new Fingerprint(n.path("rule").asText(""), n.path("file").asText(""), text(n, "resource"), text(n, "container"),
          text(n, "probe"), text(n, "path"), text(n, "line"), hash);
      entries.merge(hash, new Entry(fp, count), (a, b) -> new Entry(a.fingerprint(), a.count() + b.count()));
      i++;
    }
    return new Baseline(entries);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
