package dev.meshprobe.engine;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Deployment-context scenarios as the tests use them: a workspace indexed and rendered, its findings, a copy to edit. */
public final class ContextWorkspaces {
  private ContextWorkspaces() {}

  /** The folder as a workspace, indexed and every context rendered with the test tools found on the PATH. */
  public static Workspace rendered(Path folder) {
    Workspace ws = new Workspace(List.of(folder.toAbsolutePath().normalize()), Log.SILENT);
    ws.contexts().environment(TestTools.pathEnv());
    ws.indexFolders();
    ws.contexts().renderAll(2);
    return ws;
  }

  /** Every finding of the workspace, in every file (templates and helpers the walk does not read included). */
  public static List<Finding> findings(Workspace ws) {
    TreeSet<Path> files = new TreeSet<>(ws.files());
    files.addAll(ws.contexts().filesWithFindings());
    List<Finding> out = new ArrayList<>();
    files.forEach(p -> out.addAll(ws.lint(p)));
    return out;
  }

  /** Copies a folder tree to {@code to} (created), for a test that edits it. */
  public static Path copy(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }
}
