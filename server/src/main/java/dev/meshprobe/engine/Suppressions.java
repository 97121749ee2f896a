package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.SuppressionUnusedRule;
import dev.meshprobe.text.LineIndex;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suppressions, keyed on rule ids: a {@code # meshprobe:ignore <id>[,<id>...] -- <reason>} comment on
 * the line of the finding or alone on the line above it; a {@code meshprobe.dev/ignore} annotation on
 * the workload or its pod template; an {@code ignore:} entry with a rule in the configuration. A
 * comment or annotation that silences nothing is reported as {@code suppression-unused}.
 */
final class Suppressions {
  static final String ANNOTATION = "meshprobe.dev/ignore";
  private static final Pattern COMMENT = Pattern.compile("#\\s*meshprobe:ignore\\s+([A-Za-z0-9_,\\s-]+?)\\s*(?:--.*)?$");

  private Suppressions() {}

  /** One suppression of one rule: a comment (its line) or an annotation (its resource). */
  record Marker(SourceRef where, String form, String rule, int line, boolean wholeLine, Resource resource) {
    /** The same comment marker on the line it is on now. */
    Marker onLine(int now) {
      return now == line ? this : new Marker(where, form, rule, now, wholeLine, resource);
    }
  }

  static List<Finding> apply(FileState f, List<Finding> findings, Config cfg, Layout layout) {
    if (f.source == null) {
      return findings;
    }
    List<Marker> markers = new ArrayList<>();
    collectComments(f, markers);
    collectAnnotations(f, markers);
    Set<Marker> used = new LinkedHashSet<>();
    LineIndex lines = f.source.lines();
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding x : findings) {
      if (ignoredByConfig(x, f, cfg, layout)) {
        continue;
      }
      int line = lines.lineOf(x.where().start());
      Marker match = null;
      for (Marker m : markers) {
        if (!m.rule.equals(x.rule())) {
          continue;
        }
        boolean hit = m.resource == null
            ? m.line == line || (m.wholeLine && m.line == line - 1)
            : sameResource(m.resource, x.subject());
        if (hit) {
          match = m;
          break;
        }
      }
      if (match != null) {
        used.add(match);
      } else {
        out.add(x);
      }
    }
    if (!cfg.isOff("suppression-unused")) {
      SuppressionUnusedRule rule = Rules.get(SuppressionUnusedRule.class);
      for (Marker m : markers) {
        if (!used.contains(m)) {
          Finding hint = rule.unused(m.where, m.rule, m.form);
          var s = cfg.severityOf(hint.rule());
          out.add(s == null ? hint : hint.withSeverity(s));
        }
      }
    }
    return out;
  }

  /**
   * The comment markers of a file. Each document's are found once, in its own text, and kept with it
   * (anchored, so they move with it); only their line is worked out on each lint. A file without
   * documents (comments only) is scanned whole.
   */
  private static void collectComments(FileState f, List<Marker> out) {
    LineIndex lines = f.source.lines();
    if (f.documents.isEmpty()) {
      for (Marker m : scanComments(f.key, f.source.text(), null)) {
        out.add(m.onLine(lines.lineOf(m.where.start())));
      }
      return;
    }
    for (DocState d : f.documents) {
      if (d.commentMarkers == null) {
        d.commentMarkers = scanComments(f.key, d.document.text(), d.anchor);
      }
      for (Marker m : d.commentMarkers) {
        out.add(m.onLine(lines.lineOf(m.where.start())));
      }
    }
  }

  /** The {@code meshprobe:ignore} comments in {@code text}, placed relative to {@code anchor} (null: the file start). */
  private static List<Marker> scanComments(String key, String text, Anchor anchor) {
    List<Marker> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = text.indexOf("meshprobe:ignore", from);
      if (at < 0) {
        return out.isEmpty() ? List.of() : List.copyOf(out);
      }
      from = at + 1;
      int start = at;
      while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
        start--;
      }
      int end = at;
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String lineText = text.substring(start, end);
      int hash = lineText.lastIndexOf('#', at - start);
      if (hash < 0) {
        continue;
      }
      Matcher m = COMMENT.matcher(lineText.substring(hash));
      if (!m.find() || m.start() != 0) {
        continue;
      }
      boolean wholeLine = lineText.substring(0, hash).isBlank();
      SourceRef where = anchor == null ? SourceRef.absolute(key, start + hash, end) : new SourceRef(key, anchor, start + hash, end);
      for (String id : m.group(1).split("[,\\s]+")) {
        if (!id.isBlank()) {
          out.add(new Marker(where, "meshprobe:ignore comment", id.trim(), -1, wholeLine, null));
        }
      }
    }
  }

  private static void collectAnnotations(FileState f, List<Marker> out) {
    for (DocState d : f.documents) {
      if (d.annotationMarkers == null) {
        List<Marker> markers = new ArrayList<>();
        for (Resource r : d.resources()) {
          addAnnotation(r, r.metadata(), markers);
        }
        for (Workload w : d.workloads()) {
          if (!w.kind().isPod()) {
            addAnnotation(w.resource(), w.pod().metadata(), markers);
          }
        }
        d.annotationMarkers = List.copyOf(markers);
      }
      out.addAll(d.annotationMarkers);
    }
  }

  /**
   * True when a {@code meshprobe.dev/ignore} annotation of the object a finding is about (on the object
   * or its pod template), among {@code resources}, names the finding's rule: a rendered object carries
   * the annotations of the template, base or patch that wrote it.
   */
  static boolean ignoredByAnnotation(Finding x, List<Resource> resources, List<Workload> workloads) {
    List<Marker> markers = new ArrayList<>();
    for (Resource r : resources) {
      if (sameResource(r, x.subject())) {
        addAnnotation(r, r.metadata(), markers);
      }
    }
    for (Workload w : workloads) {
      if (!w.kind().isPod() && sameResource(w.resource(), x.subject())) {
        addAnnotation(w.resource(), w.pod().metadata(), markers);
      }
    }
    return markers.stream().anyMatch(m -> m.rule.equals(x.rule()));
  }

  private static void addAnnotation(Resource r, YMapping metadata, List<Marker> out) {
    YMapping annotations = metadata == null ? null : metadata.mapping("annotations");
    YEntry e = annotations == null ? null : annotations.entry(ANNOTATION);
    String v = e == null || e.value() == null ? null : e.value().text();
    if (v == null) {
      return;
    }
    for (String id : v.split("[,\\s]+")) {
      if (!id.isBlank()) {
        out.add(new Marker(r.ref(e.key()), ANNOTATION + " annotation", id.trim(), -1, false, r));
      }
    }
  }

  private static boolean sameResource(Resource r, Finding.Subject s) {
    return Objects.equals(r.kind(), s.kind()) && Objects.equals(r.namespace(), s.namespace()) && Objects.equals(r.name(), s.name());
  }

  private static boolean ignoredByConfig(Finding x, FileState f, Config cfg, Layout layout) {
    for (Config.IgnoreEntry e : cfg.ignores()) {
      if (e.skipsWholeFile()) {
        continue;
      }
      if (e.rule() != null && !e.rule().equals(x.rule())) {
        continue;
      }
      if (e.resource() != null) {
        Finding.Subject s = x.subject();
        String display = s.kind() + " " + s.namespace() + "/" + s.name();
        if (s.kind() == null || !e.resource().trim().equals(display)) {
          continue;
        }
      }
      if (e.path() != null && !layout.matches(e.path(), f.path)) {
        continue;
      }
      return true;
    }
    return false;
  }
}
