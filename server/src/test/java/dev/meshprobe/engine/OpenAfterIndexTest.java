package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a file that the first index has just read must not parse it again: the index keeps whole
 * the files the editor is opening, and the same text reuses everything derived from it.
 */
class OpenAfterIndexTest {
  private static final String SEED = SeedManifests.MESH + "---\n" + SeedManifests.WEB;

  @TempDir Path root;

  @Test
  void aFileBeingOpenedKeepsItsTreeThroughTheIndexAndIsNotParsedAgain() throws Exception {
    Path file = root.resolve("shop.yaml");
    String text = SEED;
    Files.writeString(file, text);
    Files.writeString(root.resolve("other.yaml"), SeedManifests.NAMESPACE);

    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.compactClosedFiles(true);
    ws.keepWhole(file::equals);
    ws.indexFolders();
    YamlFile indexed = ws.file(file).yaml();
    assertNotNull(indexed, "kept whole while the editor opens it");
    assertNull(ws.file(root.resolve("other.yaml")).yaml(), "other closed files are still compacted");

    var before = ws.lint(file);
    ws.openFile(file, text);
    assertSame(indexed, ws.file(file).yaml(), "the same text is not parsed again");
    assertEquals(before, ws.lint(file));
  }

  @Test
  void sameTextAfterAnEditIsReparsedOnlyWhenItDiffers() {
    Path file = root.resolve("shop.yaml");
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.openFile(file, SEED);
    YamlFile first = ws.file(file).yaml();
    ws.openFile(file, SEED + "\n# a comment\n");
    YamlFile second = ws.file(file).yaml();
    ws.openFile(file, SEED + "\n# a comment\n");
    assertSame(second, ws.file(file).yaml());
    assertEquals(first.documents().size(), second.documents().size());
  }
}
