package dev.meshprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the server decides to dump its class-data archive again. */
class CdsArchiveTest {
  @TempDir Path tmp;

  @Test
  void aMissingArchiveIsMade() throws Exception {
    assertEquals("none yet", CdsArchive.staleReason(tmp.resolve("a.jsa")));
  }

  @Test
  void anArchiveWithoutStampOrWithAnotherJvmsStampIsMadeAgain() throws Exception {
    Path archive = Files.writeString(tmp.resolve("a.jsa"), "x");
    assertNotNull(CdsArchive.staleReason(archive), "no stamp");
    Files.writeString(CdsArchive.stampOf(archive), CdsArchive.identity().replace("java.vm.version=", "java.vm.version=0"));
    assertNotNull(CdsArchive.staleReason(archive), "another JVM build");
  }

  @Test
  void anArchiveStampedForThisJvmAndClassPathIsKept() throws Exception {
    Path archive = Files.writeString(tmp.resolve("a.jsa"), "x");
    Files.writeString(CdsArchive.stampOf(archive), CdsArchive.identity(), StandardCharsets.UTF_8);
    // This JVM was not started with -XX:SharedArchiveFile naming it, so only the stamp decides.
    assertNull(CdsArchive.staleReason(archive));
  }

  @Test
  void theIdentityNamesTheJvmBuildAndEachClassPathEntryWithSizeAndTime() {
    String id = CdsArchive.identity();
    assertTrue(id.contains("java.vm.version=" + System.getProperty("java.vm.version") + "\n"), id);
    assertTrue(id.contains("java.home=" + System.getProperty("java.home") + "\n"), id);
    assertTrue(id.lines().anyMatch(l -> l.startsWith("entry=/") || l.matches("entry=[A-Za-z]:.*")), id);
  }
}
