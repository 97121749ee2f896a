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
    Probe p = r == null ? null : probeOf(r, f);
    FixContext c = new FixContext(f, st.key, st.source.text(), st.yaml, r, p, ws.meshModel(path), configTarget(path));
    try {
      return Fixes.forFinding(c);
    } catch (RuntimeException e) {
      ws.log().warn("fixes for " + f.rule() + " in " + path + " failed", e);
      return List.of();
    }
  }

  /**
   * The finding of {@code path} that is the same as one seen earlier: same rule, subject and anchor text
   * (the probe or annotation key), nearest to where it was. Null when it is gone.
   */
  public Finding find(Path path, String rule, Finding.Subject subject, String anchor, int near) {
    FileState st = ws.file(path);
    if (st == null || st.source == null) {
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
   * tried again, so the result is a fixed point: fixing it again changes nothing. The workspace is left
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
      boolean progress = true;
      while (progress) {
        progress = false;
        for (Finding f : ws.lint(path)) {
          String id = identity(current, f);
          // A context's finding is fixed where its deciding value was written (fixAllContexts), after a render.
          if (!which.test(f) || skip.contains(id) || !f.contexts().isEmpty()) {
            continue;
          }
          skip.add(id);
          Fix fix = Fixes.preferred(fixes(path, f));
          if (fix == null || fix.edits().size() != 1 || !fix.edits().get(0).file().equals(st.key)) {
            continue;
          }
          FileEdit edit = fix.edits().get(0);
          String next = edit.result();
          int brokenBefore = brokenDocuments(path);
          ws.putText(path, next);
          touched = true;
          if (brokenDocuments(path) > brokenBefore || stillReported(path, next, id)) {
            ws.putText(path, current);
            continue;
          }
          current = next;
          applied++;
          progress = true;
          break;
        }
      }
    } finally {
      if (touched) {
        ws.putText(path, original);
      }
    }
    return new FixAll(original, current, applied);
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
        Fix fix = f.contexts().isEmpty() || !which.test(f) ? null : Fixes.preferred(fixes(p, f));
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

  private boolean stillReported(Path path, String text, String id) {
    for (Finding f : ws.lint(path)) {
      if (identity(text, f).equals(id)) {
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
  private static Probe probeOf(Resource r, Finding f) {
    Finding.Subject s = f.subject();
    Workload w = s.container() == null ? null : Workload.of(r);
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
