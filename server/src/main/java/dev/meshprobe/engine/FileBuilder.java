package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a file's text into its state: parsed (only the documents an edit touched, when the previous
 * state and the change are known), with the objects of each document derived. Documents the parser
 * hands back unchanged keep what was derived from them, findings included.
 */
final class FileBuilder {
  /**
   * How far ahead in the previous documents an unchanged one is looked for: past the documents an edit
   * replaced, removed or split. A document beyond it is derived again, which is only slower.
   */
  private static final int REUSE_LOOKAHEAD = 64;

  private final Layout layout;
  private final Log log;

  FileBuilder(Layout layout, Log log) {
    this.layout = layout;
    this.log = log;
  }

  static YamlParser parserFor(Config cfg) {
    return new YamlParser(cfg.limits());
  }

  /** The state of a file that was not read, and why. */
  FileState notRead(Path p, String reason) {
    return new FileState(p, null, null, List.of(), reason, layout.configFor(p));
  }

  /**
   * Parses (reusing unchanged documents of {@code prev}, the file's previous state or null) and derives
   * resources. {@code change}, when known, says where the text differs from the previous state's.
   */
  FileState build(Path path, String text, YamlFile preParsed, TextChange change, FileState prev) {
    Config cfg = layout.configFor(path);
    boolean edited = change != null && prev != null && !prev.compacted && prev.source != null && prev.source.text() != null;
    SourceText source = edited ? prev.source.edited(text, change)
        : preParsed != null && preParsed.source().text() == text ? preParsed.source() : new SourceText(text);
    if (Layout.isConfigName(path)) {
      return new FileState(path, source, null, List.of(), null, cfg);
    }
    if (layout.isIgnoredPath(path, cfg)) {
      // An ignored path is out of the workspace: an editor's buffer of it is kept as text and decides nothing.
      return new FileState(path, source, null, List.of(), null, cfg);
    }
    if (layout.isHelmTemplate(path)) {
      return new FileState(path, source, null, List.of(), null, cfg, true);
    }
    if (change == null && prev != null && !prev.compacted && prev.yaml != null && prev.config == cfg && prev.source != null
        && text.equals(prev.source.text())) {
      // The same text again (a file opened as it is on disk, a save): everything derived from it still holds.
      return new FileState(path, prev.source, prev.yaml, prev.documents, null, cfg);
    }
    YamlFile yaml;
    try {
      yaml = preParsed != null ? preParsed
          : parserFor(cfg).parse(source, prev == null ? null : prev.yaml, edited ? change : null);
    } catch (RuntimeException e) {
      log.warn("could not parse " + path, e);
      return new FileState(path, source, null, List.of(), "not parseable (" + e + ")", cfg);
    }
    // The parser hands back an unchanged document with its text and tree as they were, in order, so the
    // previous state's documents are found by identity, without comparing or hashing any text.
    List<DocState> previous = prev != null && prev.config == cfg ? prev.documents : List.of();
    List<YamlDocument> parsed = yaml.documents();
    DocState[] reused = new DocState[parsed.size()];
    int next = 0;
    // Whether the text has a template marker, told from the documents' texts (which make up the file's):
    // an unchanged document keeps its answer, so a keystroke scans only the documents it touched.
    boolean markers = parsed.isEmpty() && TemplateLanguages.mayBeTemplate(text);
    for (int i = 0; i < reused.length; i++) {
      YamlDocument doc = parsed.get(i);
      for (int k = next; k < Math.min(previous.size(), next + REUSE_LOOKAHEAD); k++) {
        DocState candidate = previous.get(k);
        if (candidate.document.text() == doc.text() && candidate.document.root() == doc.root()) {
          reused[i] = candidate;
          next = k + 1;
          break;
        }
      }
      markers |= reused[i] != null ? reused[i].templateMarkers : TemplateLanguages.mayBeTemplate(doc.text());
    }
    TemplateLanguages.Tool tool = markers ? TemplateLanguages.detect(text, yaml) : null;
    if (tool != null) {
      // The input of another tool, which Kubernetes never sees. Go template actions in a templates/
      // folder or anywhere in a chart are the chart's (silently skipped, like the templates next to a
      // Chart.yaml); any other template is reported once as not analysed, naming its tool.
      return tool == TemplateLanguages.Tool.GO && (layout.inTemplatesFolder(path) || layout.inChart(path))
          ? new FileState(path, source, null, List.of(), null, cfg, true)
          : new FileState(path, source, null, List.of(), tool.description(), cfg);
    }
    // A file a rendered context uses (a base, a patch, a values file) holds no plain objects: what it
    // says is decided through the contexts that render it (DESIGN §9).
    boolean claimed = layout.claimed(path);
    NamespaceDefault namespace = null;
    List<DocState> docs = new ArrayList<>(parsed.size());
    for (int i = 0; i < reused.length; i++) {
      YamlDocument doc = parsed.get(i);
      DocState old = reused[i];
      if (old != null) {
        old.anchor.moveTo(doc.start());
        old.document = doc;
        docs.add(old);
        continue;
      }
      if (namespace == null) {
        namespace = layout.defaultNamespace(path, cfg);
      }
      Anchor anchor = new Anchor(doc.start());
      DocState d = new DocState(doc, anchor, claimed ? List.of() : Resources.of(path.toString(), doc, anchor, namespace.namespace(), namespace.source()));
      d.templateMarkers = TemplateLanguages.mayBeTemplate(doc.text());
      docs.add(d);
    }
    return new FileState(path, source, yaml, docs, null, cfg);
  }
}
