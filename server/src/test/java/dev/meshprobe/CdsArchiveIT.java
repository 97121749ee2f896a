package dev.meshprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class list the build trains into the jar, and the archive the jar dumps from it. */
class CdsArchiveIT {
  static final Path JAR = Path.of(System.getProperty("meshprobe.jar", "target/meshprobe.jar")).toAbsolutePath();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path tmp;

  @Test
  void theJarCarriesTheClassListOfAServerSession() throws IOException {
    Set<String> classes;
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      var entry = zip.getEntry(CdsArchive.CLASS_LIST);
      assertTrue(entry != null, "the build trains " + CdsArchive.CLASS_LIST + " into the jar");
      classes = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(l -> l.split(" ")[0]).collect(Collectors.toSet());
    }
    // The protocol, the engine, the rules and the conversion of findings: a session that linted a file.
    for (String c : List.of("java/lang/Object", "org/eclipse/lsp4j/jsonrpc/RemoteEndpoint", "com/google/gson/Gson",
        "dev/meshprobe/lsp/MeshprobeServer", "dev/meshprobe/engine/Workspace", "dev/meshprobe/yaml/YamlParser",
        "dev/meshprobe/rules/ProbeBlockedByStrictMtlsRule", "dev/meshprobe/lsp/Convert")) {
      assertTrue(classes.contains(c), c + " is in the class list");
    }
  }

  @Test
  void cdsArchiveDumpsAnArchiveThatThisJvmMaps() throws Exception {
    Path archive = tmp.resolve("dir with space/meshprobe.jsa");
    Process dump = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "cds-archive", archive.toString()).redirectErrorStream(true).start();
    String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(dump.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, dump.exitValue(), out);
    assertTrue(Files.size(archive) > 0 && Files.isRegularFile(CdsArchive.stampOf(archive)), out);
    try (var files = Files.list(archive.getParent())) {
      assertEquals(Set.of("meshprobe.jsa", "meshprobe.jsa.id", "meshprobe.jsa.lock"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temporary files left");
    }

    // -Xshare:on: the JVM refuses to start unless it maps the archive.
    Process run = new ProcessBuilder(JAVA, "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", JAR.toString(), "--version")
        .redirectErrorStream(true).start();
    String version = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, run.exitValue(), version);
    assertTrue(version.startsWith("meshprobe "), version);
  }
}
