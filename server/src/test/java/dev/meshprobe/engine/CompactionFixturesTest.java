package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.fixtures.Fixture;
import dev.meshprobe.fixtures.Fixtures;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.Position;
import dev.meshprobe.text.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule fixture, with its context files, indexed from disk twice: keeping everything (the command
 * line) and compacting closed files (the language server). The findings of every file, with their
 * related information placed as line and column, and the hovers of the open file must be the same in
 * both, with the fixture open and its context closed, after an edit, with the roles swapped, and after
 * a configuration change.
 */
class CompactionFixturesTest {
  @TempDir Path tmp;

  @Test
  void everyFixtureGivesTheSameFindingsAndHoversCompacted() throws IOException {
    List<Fixture> fixtures = Fixtures.all();
    assertTrue(fixtures.size() > 100, "fixtures found");
    Path fixturesRoot = Fixtures.root().toAbsolutePath().normalize();
    int n = 0;
    int withContext = 0;
    for (Fixture f : fixtures) {
      Path root = tmp.resolve("f" + n++);
      List<Path> files = new ArrayList<>();
      for (Path source : concat(f.file().toAbsolutePath().normalize(), withTree(f))) {
        Path target = root.resolve(fixturesRoot.relativize(source.toAbsolutePath().normalize()).toString());
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        files.add(target);
      }
      withContext += f.contexts().isEmpty() ? 0 : 1;
      Path main = files.get(0);
      String where = fixturesRoot.relativize(f.file().toAbsolutePath().normalize()).toString();
      Workspace full = workspace(root, f, false);
      Workspace compact = workspace(root, f, true);

      // The fixture open, its context closed.
      String text = Files.readString(main);
      full.openFile(main, text);
      compact.openFile(main, text);
      compare(full, compact, files, main, where + " (open)");

      // An edit of the open file: a document added, then one removed.
      String edited = text + "\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: edited, labels: {istio-injection: enabled}}\n";
      full.openFile(main, edited);
      compact.openFile(main, edited);
      compare(full, compact, files, main, where + " (edited)");
      full.openFile(main, text);
      compact.openFile(main, text);

      // The context open, the fixture closed again (compacted from its re-read text).
      full.closeFile(main);
      compact.closeFile(main);
      for (Path c : files.subList(1, files.size())) {
        full.openFile(c, Files.readString(c));
        compact.openFile(c, Files.readString(c));
      }
      compare(full, compact, files, files.get(files.size() - 1), where + " (context open)");

      // A configuration change re-derives the closed files.
      for (Workspace ws : List.of(full, compact)) {
        ws.setEditorSettings(Map.of("defaultNamespace", "shop"));
      }
      compare(full, compact, files, files.get(files.size() - 1), where + " (reconfigured)");
    }
    assertTrue(withContext > 20, "fixtures with context files: " + withContext);
  }

  /** The context files, and for a fixture of a tree every file of the tree (configuration and testdata included). */
  private static List<Path> withTree(Fixture f) throws IOException {
    List<Path> out = new ArrayList<>(f.contextFiles());
    if (f.tree() != null) {
      try (var walk = Files.walk(f.tree())) {
        walk.filter(Files::isRegularFile).sorted().forEach(out::add);
      }
    }
    return out;
  }

  private static List<Path> concat(Path first, List<Path> rest) {
    List<Path> out = new ArrayList<>();
    out.add(first);
    for (Path p : rest) {
      if (!out.contains(p.toAbsolutePath().normalize())) {
        out.add(p.toAbsolutePath().normalize());
      }
    }
    return out;
  }

  private static Workspace workspace(Path root, Fixture f, boolean compact) {
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.compactClosedFiles(compact);
    if (f.config() != null) {
      ws.setOverrides(ConfigFile.parseTree(f.config()));
    }
    ws.indexFolders();
    return ws;
  }

  private static void compare(Workspace full, Workspace compact, List<Path> files, Path open, String where) throws IOException {
    for (Path p : files) {
      assertEquals(describe(full, full.lint(p)), describe(compact, compact.lint(p)), where + ": findings of " + p.getFileName());
    }
    if (!compact.isOpen(open)) {
      return; // hovers are asked of open files only
    }
    String text = Files.readString(open);
    Explainer fullHover = new Explainer(full);
    Explainer compactHover = new Explainer(compact);
    for (int at = 0; at < text.length(); at = text.indexOf('\n', at) + 1) {
      int first = at;
      while (first < text.length() && text.charAt(first) == ' ') {
        first++;
      }
      String a = markdown(fullHover.hover(open, first));
      String b = markdown(compactHover.hover(open, first));
      assertEquals(a, b, where + ": hover at " + first + " of " + open.getFileName());
      if (text.indexOf('\n', at) < 0) {
        break;
      }
    }
  }

  private static String markdown(Explainer.Explanation e) {
    return e == null ? null : e.markdown() + " @" + e.start() + "-" + e.end();
  }

  private static List<String> describe(Workspace ws, List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      StringBuilder s = new StringBuilder(f.rule()).append(' ').append(f.severity()).append(' ').append(f.where().start())
          .append('-').append(f.where().end()).append(' ').append(f.message());
      for (Finding.Related r : f.related()) {
        FileState other = ws.file(Path.of(r.where().file()));
        SourceText source = other == null ? null : other.source();
        Position start = source == null ? null : source.position(r.where().start());
        Position end = source == null ? null : source.position(r.where().end());
        s.append(" | ").append(r.where().file()).append(' ').append(start).append('-').append(end).append(' ').append(r.message());
      }
      out.add(s.toString());
    }
    return out;
  }
}
