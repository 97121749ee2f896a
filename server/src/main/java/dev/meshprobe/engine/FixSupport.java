package dev.meshprobe.engine;

import dev.meshprobe.fixes.FileEdit;
import dev.meshprobe.fixes.Fix;
import dev.meshprobe.fixes.FixContext;
import dev.meshprobe.fixes.Fixes;
import dev.meshprobe.fixes.LineDiff;
import dev.meshprobe.fixes.TextEdit;
import dev.meshprobe.k8s.Container;
import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The engine's side of fixes: finds the resource and probe a finding is about (by its subject and
 * offset, on the file's current text), the {@code .meshprobe.yaml} a configuration suppression would
 * go to, and asks {@link Fixes} what applies. Also computes "fix all": the preferred fix of every
 * finding, applied one at a time on a re-linted text so that no two overlap.
 */
public final class FixSupport {
  /** The result of fixing a whole file: its text before and after, and how many fixes were applied. */
  public record FixAll(String before, String after, int applied) {
    public boolean changed() {
      return !before.equals(after);
    }

    /** Minimal line edits on {@code before} that give {@code after}. */
    public List<TextEdit> edits() {
      return LineDiff.edits(before, after);
    }
  }

  private final Workspace ws;

  public FixSupport(Workspace ws) {
    this.ws = ws;
  }

  /** The fixes offered for a finding of {@code path}, computed on the file's current text. */
  public List<Fix> fixes(Path path, Finding f) {
    return fixes(path, f, false);
  }

  /** The preferred fix of a finding of {@code path} (computed alone), or null. */
  public Fix preferredFix(Path path, Finding f) {
    return Fixes.preferred(fixes(path, f, true));
  }

  private List<Fix> fixes(Path path, Finding f, boolean onlyPreferred) {
    FileState st = ws.file(path);
    if (st != null && st.source != null && st.source.text() != null && st.key.equals(f.where().file()) && !f.contexts().isEmpty()) {
      // Decided in a Helm release or a Kustomize entry: what the fix needs comes from the rendered objects.
      try {
        return ContextFixes.fixes(ws, st, f, configTarget(path));
      } catch (RuntimeException e) {
        ws.log().warn("fixes for " + f.rule() + " in " + path + " failed", e);
        return List.of();
      }
    }
    if (st == null || st.source == null || st.yaml == null || !st.key.equals(f.where().file())) {
      return List.of();
    }
    Resource r = resourceOf(st, f);
    Probe p = r == null ? null : probeOf(st, r, f);
    FixContext c = new FixContext(f, st.key, st.source.text(), st.yaml, r, p, ws.meshModel(path), configTarget(path));
    try {
      if (!onlyPreferred) {
        return Fixes.forFinding(c);
      }
      Fix preferred = Fixes.preferredFor(c);
      return preferred == null ? List.of() : List.of(preferred);
    } catch (RuntimeException e) {
      ws.log().warn("fixes for " + f.rule() + " in " + path + " failed", e);
      return List.of();
    }
  }

  /**
   * The finding of {@code path} that is the same as one seen earlier: same rule, subject and anchor text
   * (the probe or annotation key), nearest to where it was. Null when it is gone, or when the file is
   * not kept whole (not open in the language server).
   */
  public Finding find(Path path, String rule, Finding.Subject subject, String anchor, int near) {
    FileState st = ws.file(path);
    // A file kept without its text (closed in the editor) has no tree to fix: nothing is found there.
    if (st == null || st.source == null || st.source.text() == null) {
      return null;
    }
    Finding best = null;
    for (Finding f : ws.lint(path)) {
      if (!f.rule().equals(rule) || !Objects.equals(f.subject(), subject)
          || (anchor != null && !anchor.equals(anchorText(st.source.text(), f)))) {
        continue;
      }
      if (best == null || Math.abs(f.where().start() - near) < Math.abs(best.where().start() - near)) {
        best = f;
      }
    }
    return best;
  }

  /** The text a finding underlines (the probe key, the annotation key), which identifies it across edits. */
  public static String anchorText(String text, Finding f) {
    int start = Math.max(0, Math.min(f.where().start(), text.length()));
    int end = Math.max(start, Math.min(f.where().end(), text.length()));
    return text.substring(start, end);
  }

  /** Rule, subject and anchor text: what stays the same when edits elsewhere move a finding. */
  static String identity(String text, Finding f) {
    return f.rule() + "|" + f.subject() + "|" + anchorText(text, f);
  }

  /**
   * Applies the preferred fix of every finding of {@code path} that {@code which} accepts, one at a time:
   * after each, the file is linted again, so the next fix is computed on the new text and never
   * overlaps. A fix that does not make its finding go away, or breaks the parse, is undone and not
   * tried again, so the result is a fixed point: fixing it again changes nothing. Fixes that change only
   * their own probe ({@link Fix#changesOnlyItsProbe}), up to the next fix that may change other
   * findings, are applied together with one lint, as applying them one at a time would give the same
   * text: a file of thousands of probes is fixed in a few lints, not thousands. The workspace is left
   * with the text it had.
   */
  public FixAll fixAll(Path path, Predicate<Finding> which) {
    FileState st = ws.file(path);
    if (st == null || st.source == null || st.yaml == null) {
      String t = st == null || st.source == null || st.source.text() == null ? "" : st.source.text();
      return new FixAll(t, t, 0);
    }
    String original = st.source.text();
    String current = original;
    boolean touched = false;
    int applied = 0;
    Set<String> skip = new HashSet<>();
    try {
      while (true) {
        // The candidates of this round, in the order of their findings: fixes that change only their own
        // probe, up to the first that may change other findings, which is tried alone when it comes first.
        List<Pending> together = new ArrayList<>();
        Pending alone = null;
        for (Finding f : ws.lint(path)) {
          String id = identity(current, f);
          // A context's finding is fixed where its deciding value was written (fixAllContexts), after a render.
          if (!which.test(f) || skip.contains(id) || !f.contexts().isEmpty()) {
            continue;
          }
          Fix fix = preferredFix(path, f);
          if (fix == null || fix.edits().size() != 1 || !fix.edits().get(0).file().equals(st.key)) {
            skip.add(id);
            continue;
          }
          Pending p = new Pending(id, fix.edits().get(0));
          if (fix.changesOnlyItsProbe() && together.stream().noneMatch(q -> q.overlaps(p))) {
            together.add(p);
            continue;
          }
          if (together.isEmpty()) {
            alone = p;
          }
          break;
        }
        if (together.isEmpty() && alone == null) {
          break;
        }
        touched = true;
        if (together.size() > 1) {
          String next = TextEdit.apply(current, together.stream().flatMap(p -> p.edit.edits().stream()).toList());
          if (tryText(path, current, next, together)) {
            together.forEach(p -> skip.add(p.id));
            current = next;
            applied += together.size();
            continue;
          }
        }
        // One at a time, in order, until one holds: the next round starts from the text it made.
        for (Pending p : alone != null ? List.of(alone) : together) {
          skip.add(p.id);
          if (tryText(path, current, p.edit.result(), List.of(p))) {
            current = p.edit.result();
            applied++;
            break;
          }
        }
      }
    } finally {
      if (touched) {
        ws.putText(path, original);
      }
    }
    return new FixAll(original, current, applied);
  }

  /** A fix of a finding, waiting to be applied with others: the finding's identity and the fix's edit of the file. */
  private record Pending(String id, FileEdit edit) {
    /**
     * True when the two change the same text, or one inserts where the other replaces (at its edges
     * too). Two insertions at one place do not: applied together they keep their order, the order in
     * which one at a time would have put them (a comment above a probe's line, for probes that share a
     * line in flow style, goes above the comments the probes before it put there).
     */
    boolean overlaps(Pending other) {
      for (TextEdit a : edit.edits()) {
        for (TextEdit b : other.edit.edits()) {
          boolean insertions = a.length() == 0 && b.length() == 0;
          if (a.offset() < b.end() && b.offset() < a.end()
              || !insertions && (a.offset() == b.offset() || a.end() == b.end() || a.offset() == b.end() || b.offset() == a.end())) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * Puts {@code next} in place of {@code current}; keeps it when it breaks no more documents than there
   * were and none of the fixed findings is still reported, else puts {@code current} back.
   */
  private boolean tryText(Path path, String current, String next, List<Pending> fixed) {
    int brokenBefore = brokenDocuments(path);
    ws.putText(path, next);
    if (brokenDocuments(path) > brokenBefore || stillReported(path, next, fixed)) {
      ws.putText(path, current);
      return false;
    }
    return true;
  }

  /**
   * The preferred fix of every finding a rendered deployment context gives (those {@code which} accepts),
   * by file: such a fix edits where the deciding value was written (a patch, values.yaml), often another
   * file than the finding's. Edits that overlap one already taken are left out; the same edit for two
   * findings (a liveness and a readiness probe of one pod) is made once. Nothing is applied here.
   */
  public java.util.Map<Path, FixAll> fixAllContexts(Predicate<Finding> which) {
    java.util.Map<String, List<TextEdit>> edits = new java.util.TreeMap<>();
    java.util.Map<String, String> originals = new java.util.HashMap<>();
    java.util.Map<String, Integer> applied = new java.util.HashMap<>();
    for (Path p : ws.contexts().filesWithFindings()) {
      for (Finding f : ws.lint(p)) {
        Fix fix = f.contexts().isEmpty() || !which.test(f) ? null : preferredFix(p, f);
        if (fix == null || fix.edits().stream().anyMatch(FileEdit::createsFile)) {
          continue;
        }
        boolean fits = true;
        for (FileEdit fe : fix.edits()) {
          String known = originals.putIfAbsent(fe.file(), fe.original());
          fits &= (known == null || known.equals(fe.original())) && fe.edits().stream()
              .allMatch(e -> edits.getOrDefault(fe.file(), List.of()).stream().allMatch(o -> o.equals(e) || !overlaps(o, e)));
        }
        if (!fits) {
          continue;
        }
        for (FileEdit fe : fix.edits()) {
          List<TextEdit> list = edits.computeIfAbsent(fe.file(), k -> new java.util.ArrayList<>());
          fe.edits().stream().filter(e -> !list.contains(e)).forEach(list::add);
          applied.merge(fe.file(), 1, Integer::sum);
        }
      }
    }
    java.util.Map<Path, FixAll> out = new java.util.LinkedHashMap<>();
    edits.forEach((file, list) -> {
      String before = originals.get(file);
      out.put(Path.of(file), new FixAll(before, TextEdit.apply(before, list), applied.get(file)));
    });
    return out;
  }

  private static boolean overlaps(TextEdit a, TextEdit b) {
    return a.offset() < b.end() && b.offset() < a.end() || a.offset() == b.offset();
  }

  private int brokenDocuments(Path path) {
    FileState st = ws.file(path);
    return st == null || st.yaml == null ? 0 : (int) st.yaml.documents().stream().filter(d -> d.hasSyntaxError()).count();
  }

  private boolean stillReported(Path path, String text, List<Pending> fixed) {
    Set<String> ids = new HashSet<>();
    fixed.forEach(p -> ids.add(p.id));
    for (Finding f : ws.lint(path)) {
      if (ids.contains(identity(text, f))) {
        return true;
      }
    }
    return false;
  }

  // ---- locating

  /** The resource a finding is about: the one holding its offset, with the finding's subject. */
  private static Resource resourceOf(FileState st, Finding f) {
    Finding.Subject s = f.subject();
    int at = f.where().start();
    for (DocState d : st.documents) {
      for (Resource r : d.resources()) {
        int rel = at - r.anchor().start();
        if (rel < r.node().start() || rel > r.node().end()) {
          continue;
        }
        if (s.kind() == null || (s.kind().equals(r.kind()) && Objects.equals(s.name(), r.name()) && Objects.equals(s.namespace(), r.namespace()))) {
          return r;
        }
      }
    }
    return null;
  }

  /** The probe of a probe finding: the container and probe its subject names, at the finding's offset. */
  private static Probe probeOf(FileState st, Resource r, Finding f) {
    Finding.Subject s = f.subject();
    Workload w = s.container() == null ? null : workloadOf(st, r);
    if (w == null) {
      return null;
    }
    Probe named = null;
    for (Container c : w.pod().containers()) {
      for (Probe p : c.probes()) {
        if (c.name().equals(s.container()) && p.type().key().equals(s.probe())) {
          if (r.ref(p.key()).start() == f.where().start()) {
            return p;
          }
          named = named == null ? p : named;
        }
      }
    }
    return named;
  }

  /**
   * The workload of a resource, as its document derived it once: derived again for each finding, a
   * pod of thousands of containers made "fix all" cost the square of them.
   */
  private static Workload workloadOf(FileState st, Resource r) {
    for (DocState d : st.documents) {
      for (Workload w : d.workloads()) {
        if (w.resource() == r) {
          return w;
        }
      }
    }
    return Workload.of(r);
  }

  /**
   * Where an {@code ignore:} entry goes: the nearest {@code .meshprobe.yaml} from the file's folder up
   * to its workspace root, as configuration is looked up, else a new one at the root.
   */
  private FixContext.ConfigTarget configTarget(Path path) {
    Path file = path.toAbsolutePath().normalize();
    Path dir = file.getParent();
    if (dir == null) {
      return null;
    }
    Path root = ws.layout().rootOf(dir);
    Path base = root != null ? root : dir;
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve(ConfigFile.NAME);
      FileState known = ws.file(candidate);
      if (known != null || Files.isRegularFile(candidate)) {
        String text = read(known, candidate);
        return text == null ? null : new FixContext.ConfigTarget(candidate.toString(), text, slashes(base.relativize(candidate)), slashes(base.relativize(file)));
      }
      if (root == null || d.equals(root)) {
        break;
      }
    }
    Path created = base.resolve(ConfigFile.NAME);
    return new FixContext.ConfigTarget(created.toString(), null, ConfigFile.NAME, slashes(base.relativize(file)));
  }

  private static String read(FileState known, Path p) {
    if (known != null && known.source != null && known.source.text() != null) {
      return known.source.text();
    }
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String slashes(Path p) {
    return p.toString().replace(p.getFileSystem().getSeparator(), "/");
  }
}
