package dev.meshprobe.fixes;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.LineIndex;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fix offered for every finding on real manifests (each top-level folder of ../shared/corpus as
 * one workspace), on the rule fixtures and on the fix fixtures is applied, one at a time, and must be
 * safe: the result parses, the finding is gone (a suppression silences it; the explanatory comment
 * leaves it), the parsed data differs only at the paths the fix is about, every line outside the edits
 * is byte-identical, and line endings and the final newline are the file's own.
 */
class FixSafetyTest {
  private static final Path CORPUS = FixFixture.REPO.resolve("../shared/corpus").normalize();
  private static final Path RULE_FIXTURES = FixFixture.RULE_FIXTURES;
  private static final String WOULD_FAIL = "probe-would-fail-under-strict-mtls";

  private final Map<String, Integer> appliedById = new TreeMap<>();
  private final Map<String, Integer> findingsByRule = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int findings;
  private int applied;

  @Test
  void everyOfferedFixIsSafe() throws IOException {
    long started = System.nanoTime();
    int corpusFindings = 0;
    int corpusApplied = 0;
    if (Files.isDirectory(CORPUS)) {
      List<Path> sources;
      try (Stream<Path> s = Files.list(CORPUS)) {
        sources = s.filter(Files::isDirectory).sorted().toList();
      }
      for (Path source : sources) {
        Workspace ws = new Workspace(List.of(source), Log.SILENT);
        ws.indexFolders();
        for (Path p : List.copyOf(ws.files())) {
          if (Workspace.isManifestName(p) && !p.getFileName().toString().equals(".meshprobe.yaml")) {
            check(ws, p, CORPUS.relativize(p).toString());
          }
        }
      }
      corpusFindings = findings;
      corpusApplied = applied;
    }
    int ruleFixtures = 0;
    for (Path fixture : FixFixture.under(RULE_FIXTURES)) {
      FixFixture f = FixFixture.read(fixture);
      check(f.workspace(RULE_FIXTURES), f.path(), RULE_FIXTURES.relativize(fixture).toString());
      ruleFixtures++;
    }
    for (Path fixture : FixFixture.under(FixFixture.FIXES)) {
      FixFixture f = FixFixture.read(fixture);
      check(f.workspace(fixture.getParent().toAbsolutePath().normalize()), f.path(), FixFixture.FIXES.relativize(fixture).toString());
    }
    System.out.printf("fix safety: corpus %d findings, %d fixes applied; with %d rule fixtures and the fix fixtures %d findings,"
        + " %d fixes applied; %.1f s%n", corpusFindings, corpusApplied, ruleFixtures, findings, applied, (System.nanoTime() - started) / 1e9);
    System.out.println("  findings by rule: " + findingsByRule);
    System.out.println("  fixes applied by id: " + appliedById);
    notes.stream().distinct().forEach(n -> System.out.println("  note: " + n));
    assertTrue(applied > 0, "no fix was applied");
    if (!problems.isEmpty()) {
      fail(problems.size() + " unsafe fixes:\n" + String.join("\n", problems.stream().limit(60).toList()));
    }
  }

  private void check(Workspace ws, Path path, String name) {
    var state = ws.file(path);
    if (state == null || state.source() == null || state.yaml() == null) {
      return;
    }
    String original = state.source().text();
    FixSupport fs = new FixSupport(ws);
    for (Finding f : ws.lint(path)) {
      findings++;
      findingsByRule.merge(f.rule(), 1, Integer::sum);
      List<Fix> fixes = fs.fixes(path, f);
      Resource r = resourceOf(ws, path, f);
      for (Fix fix : fixes) {
        String where = name + " " + f.rule() + " " + subject(f) + ": " + fix.id() + " \"" + fix.title() + "\"";
        try {
          String problem = apply(ws, path, original, f, r, fix);
          if (problem != null) {
            problems.add(where + ": " + problem);
          }
        } catch (RuntimeException e) {
          problems.add(where + ": " + e);
        } finally {
          restore(ws, path, original, fix);
        }
        applied++;
        appliedById.merge(fix.id(), 1, Integer::sum);
      }
    }
  }

  /** Applies one fix and returns what is wrong with the result, or null. */
  private String apply(Workspace ws, Path path, String original, Finding f, Resource r, Fix fix) {
    if (fix.edits().isEmpty()) {
      return "no edits";
    }
    String anchor = FixSupport.anchorText(original, f);
    // Findings that look the same (two definitions of one object in one file): the fix must remove one of them.
    long alike = ws.lint(path).stream().filter(x -> x.rule().equals(f.rule()) && Objects.equals(x.subject(), f.subject())
        && anchor.equals(FixSupport.anchorText(original, x))).count();
    FileEdit manifestEdit = null;
    for (FileEdit e : fix.edits()) {
      Path target = Path.of(e.file());
      if (target.equals(path)) {
        manifestEdit = e;
      } else {
        YamlFile parsed = new YamlParser().parse(e.result());
        if (parsed.documents().stream().anyMatch(d -> !d.problems().isEmpty())) {
          return "writes " + target.getFileName() + " that does not parse:\n" + e.result();
        }
      }
      ws.putText(target, e.result());
    }
    String fixed = manifestEdit == null ? original : manifestEdit.result();
    YamlFile before = new YamlParser().parse(original);
    YamlFile after = new YamlParser().parse(fixed);
    if (problems(after) > problems(before)) {
      return "the result does not parse:\n" + LineDiff.unified("before", "after", original, fixed);
    }
    boolean stays = fix.id().equals(InsertExplanatoryCommentFix.ID);
    boolean pinned = fix.id().equals(AllowPlaintextOnPortFix.ID) && f.rule().equals(WOULD_FAIL);
    boolean reported = ws.lint(path).stream().filter(x -> x.rule().equals(f.rule()) && Objects.equals(x.subject(), f.subject())
        && anchor.equals(FixSupport.anchorText(fixed, x))).count() >= alike;
    if (reported && pinned) {
      notes.add(WOULD_FAIL + " is still reported on a port that a workload PeerAuthentication pins to PERMISSIVE"
          + " (portLevelMtls), which a mesh-wide STRICT no longer reaches");
    } else if (reported != stays) {
      return stays ? "the finding went away" : "the finding is still reported:\n" + LineDiff.unified("before", "after", original, fixed);
    }
    if (manifestEdit == null) {
      return null;
    }
    String tree = sameDataOutside(before, after, r, f, fix);
    if (tree != null) {
      return tree + "\n" + LineDiff.unified("before", "after", original, fixed);
    }
    return linesKept(original, fixed, manifestEdit.edits());
  }

  private static int problems(YamlFile yaml) {
    return (int) yaml.documents().stream().filter(YamlDocument::hasSyntaxError).count();
  }

  private static void restore(Workspace ws, Path path, String original, Fix fix) {
    for (FileEdit e : fix.edits()) {
      Path target = Path.of(e.file());
      if (target.equals(path)) {
        ws.putText(path, original);
      } else if (e.createsFile()) {
        ws.removeFile(target);
      } else {
        ws.putText(target, e.original());
      }
    }
  }

  // ---- the data

  /** Null when the parsed documents differ only at the paths this fix is about. */
  private static String sameDataOutside(YamlFile before, YamlFile after, Resource r, Finding f, Fix fix) {
    List<Object> a = Trees.documents(before);
    List<Object> b = Trees.documents(after);
    String id = fix.id();
    if (id.equals(AllowPlaintextOnPortFix.ID)) {
      if (b.size() != a.size() + 1 || !(b.get(b.size() - 1) instanceof Map<?, ?> pa) || !"PeerAuthentication".equals(pa.get("kind"))) {
        return "expected one PeerAuthentication document appended";
      }
      b = b.subList(0, a.size());
    }
    if (a.size() != b.size()) {
      return "the file has " + b.size() + " documents instead of " + a.size();
    }
    List<List<Object>> masks = r == null ? List.of() : masks(r, f, id);
    int edited = r == null ? -1 : r.document().index();
    for (int i = 0; i < a.size(); i++) {
      Object x = i == edited ? Trees.masked(a.get(i), masks) : a.get(i);
      Object y = i == edited ? Trees.masked(b.get(i), masks) : b.get(i);
      if (!Objects.equals(x, y)) {
        return "document " + i + " changed outside " + masks;
      }
    }
    return null;
  }

  /** The paths (from the document root) that a fix may change. */
  private static List<List<Object>> masks(Resource r, Finding f, String id) {
    List<Object> res = resourcePath(r);
    Workload w = Workload.of(r);
    List<Object> template = new ArrayList<>(res);
    if (w != null) {
      template.addAll(w.kind().templatePath());
    }
    if (id.equals(EnableProbeRewriteFix.ID) || id.equals(ExcludePortFromSidecarFix.ID) || id.startsWith(FixBooleanValueFix.ID)
        || id.equals(SuppressWithAnnotationFix.ID) || id.equals(RemoveStatusPortAnnotationFix.ID)) {
      return List.of(concat(w != null ? template : res, "metadata", "annotations"));
    }
    if (id.equals(MoveAnnotationToPodTemplateFix.ID)) {
      return List.of(concat(res, "metadata", "annotations"), concat(res, "metadata", "labels"),
          concat(template, "metadata", "annotations"), concat(template, "metadata", "labels"));
    }
    List<Object> container = containerPath(w, template, f);
    if (container != null && (id.startsWith(ReplaceWithExecProbeFix.ID) || id.equals(RemoveProbeFix.ID))) {
      return List.of(concat(container, f.subject().probe()));
    }
    if (container != null && id.equals(DeclareNamedPortFix.ID)) {
      return List.of(concat(container, "ports"));
    }
    return List.of();
  }

  private static List<Object> resourcePath(Resource r) {
    YNode root = r.document().root();
    if (root == r.node()) {
      return List.of();
    }
    // An item of a kind: List, or an object of an OpenShift Template.
    for (String key : new String[] {"items", "objects"}) {
      YSequence items = root instanceof YMapping m ? m.sequence(key) : null;
      if (items != null && items.items().contains(r.node())) {
        return List.of(key, items.items().indexOf(r.node()));
      }
    }
    return List.of();
  }

  private static List<Object> containerPath(Workload w, List<Object> template, Finding f) {
    if (w == null || f.subject().container() == null) {
      return null;
    }
    for (String key : new String[] {"containers", "initContainers"}) {
      YSequence seq = w.pod().spec() == null ? null : w.pod().spec().sequence(key);
      for (int i = 0; seq != null && i < seq.items().size(); i++) {
        if (seq.items().get(i) instanceof YMapping c && f.subject().container().equals(c.string("name") == null ? "<unnamed>" : c.string("name"))) {
          return concat(template, "spec", key, i);
        }
      }
    }
    return null;
  }

  private static List<Object> concat(List<Object> base, Object... more) {
    List<Object> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  // ---- the text

  /** Null when every line outside the edited ones is unchanged and the line endings are the file's. */
  private static String linesKept(String original, String fixed, List<TextEdit> edits) {
    LineIndex index = LineIndex.of(original);
    boolean[] touched = new boolean[index.lineCount() + 1];
    for (TextEdit e : edits) {
      for (int l = index.lineOf(e.offset()); l <= index.lineOf(e.end()); l++) {
        touched[l] = true;
      }
    }
    for (LineDiff.Hunk h : LineDiff.hunks(LineDiff.lines(original), LineDiff.lines(fixed))) {
      for (int l = h.aStart(); l < h.aEnd(); l++) {
        if (!touched[l]) {
          return "line " + (l + 1) + " changed outside the edits";
        }
      }
      if (h.aStart() == h.aEnd() && !touched[Math.min(h.aStart(), touched.length - 1)] && !touched[Math.max(0, h.aStart() - 1)]) {
        return "lines inserted away from the edits at line " + (h.aStart() + 1);
      }
    }
    if (Lines.endsWithNewline(original) != Lines.endsWithNewline(fixed)) {
      return "the final newline changed";
    }
    boolean crlf = original.contains("\r\n");
    boolean lf = original.replace("\r\n", "").contains("\n");
    if (crlf && !lf && fixed.replace("\r\n", "").contains("\n")) {
      return "a LF line break in a CRLF file";
    }
    if (lf && !crlf && fixed.contains("\r")) {
      return "a CR in a LF file";
    }
    return null;
  }

  private static Resource resourceOf(Workspace ws, Path path, Finding f) {
    for (Resource r : ws.file(path).resources()) {
      int rel = f.where().start() - r.anchor().start();
      Finding.Subject s = f.subject();
      if (rel >= r.node().start() && rel <= r.node().end()
          && (s.kind() == null || (s.kind().equals(r.kind()) && Objects.equals(s.name(), r.name())))) {
        return r;
      }
    }
    return null;
  }

  private static String subject(Finding f) {
    Finding.Subject s = f.subject();
    return s.kind() == null ? "" : s.kind() + " " + s.namespace() + "/" + s.name() + (s.container() == null ? "" : " " + s.container() + "." + s.probe());
  }
}
