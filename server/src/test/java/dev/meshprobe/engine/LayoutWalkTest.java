package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Layout#walks} says of each file what {@link Layout#walk} does: the watcher and the index agree. */
class LayoutWalkTest {
  @TempDir Path root;

  @Test
  void aFileIsWalkedExactlyWhenTheWalkFindsIt() throws IOException {
    Files.writeString(root.resolve(".meshprobe.yaml"), "ignore:\n  - path: \"vendor/**\"\n  - path: \"**/skip-*.yaml\"\n");
    for (String f : List.of("a.yaml", "b.yml", "c.txt", "d.yaml.bak", "Kustomization", "kustomization.yaml", "sub/e.yaml",
        ".hidden/f.yaml", "sub/.git/g.yaml", "node_modules/h.yaml", "sub/node_modules/i.yaml",
        "vendor/j.yaml", "sub/skip-k.yaml", "sub/deeper/l.yaml", ".m.yaml")) {
      Path p = root.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "kind: ConfigMap\n");
    }
    Path outside = Files.createTempDirectory("meshprobe-outside");
    Files.writeString(outside.resolve("n.yaml"), "kind: ConfigMap\n");
    Files.createSymbolicLink(root.resolve("linked"), outside);

    Layout layout = new Layout(List.of(root), LayoutWalkTest::read);
    List<Path> walked = layout.walk(Log.SILENT);
    List<Path> all;
    try (Stream<Path> files = Files.walk(root)) {
      all = files.filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).sorted().toList();
    }
    assertEquals(walked, all.stream().filter(layout::walks).toList());
    assertEquals(List.of("Kustomization", "a.yaml", "b.yml", "kustomization.yaml", ".meshprobe.yaml", ".m.yaml",
        "sub/deeper/l.yaml", "sub/e.yaml").stream().map(f -> root.resolve(f)).sorted().toList(), walked);
    assertFalse(layout.walks(root.resolve("linked/n.yaml")), "the walk does not follow a linked folder");
    assertFalse(layout.walks(outside.resolve("n.yaml")));
  }

  private static String read(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.readString(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A file deleted while the walk runs (the editor's workspace changes under it) is no failure: its
   * watcher event follows. Found by the differential fuzzer, whose disk changes race the server's walks.
   */
  @Test
  void aFileGoneDuringTheWalkIsSkippedQuietlyAndAnUnreadableOneIsSaid() {
    List<String> said = new java.util.ArrayList<>();
    Log log = new Log() {
      @Override
      public void info(String message) {
        said.add(message);
      }

      @Override
      public void warn(String message, Throwable error) {
        said.add(message + (error == null ? "" : ": " + error));
      }
    };
    Layout.cannotRead(root.resolve("gone.yaml"), new java.nio.file.NoSuchFileException(root.resolve("gone.yaml").toString()), log);
    assertEquals(List.of(), said);
    Layout.cannotRead(root.resolve("locked"), new java.nio.file.AccessDeniedException(root.resolve("locked").toString()), log);
    assertEquals(1, said.size());
    assertTrue(said.get(0).startsWith("cannot read " + root.resolve("locked")), said::toString);
  }
}
