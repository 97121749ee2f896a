package dev.meshprobe.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does on a fresh clone: unpack the zip that {@code mvn package} built and run
 * {@code bin/meshprobe check examples} (under dash, the sh of Debian and Ubuntu, and bash), through a
 * link on the PATH, with Java missing, too old or misconfigured, and with the class-data archive.
 */
class DistributionIT {
  private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path scratch;

  private Installed.Result meshprobe(List<String> shell, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(shell);
    command.add(Installed.home().resolve("bin/meshprobe").toString());
    command.addAll(List.of(args));
    return Installed.run(command, Installed.REPO, env);
  }

  private static void assertSeed(Installed.Result r) throws IOException {
    assertEquals(1, r.code(), r.both());
    assertTrue(r.out().contains("probe-blocked-by-strict-mtls"), r.both());
    assertTrue(r.out().contains(Installed.seedLocation()), "the seed finding at " + Installed.seedLocation() + "\n" + r.both());
  }

  @Test
  void zipAndTarballHoldTheSameInstallation() throws IOException {
    Path fromTar = scratch.resolve("tar");
    Files.createDirectories(fromTar);
    Installed.Result tar = Installed.run(List.of("tar", "-xzf", Installed.TARBALL.toString(), "-C", fromTar.toString()), scratch,
        Installed.baseEnvironment(scratch));
    assertEquals(0, tar.code(), tar.both());
    Path tarHome = fromTar.resolve("meshprobe-" + Installed.VERSION);
    Path home = Installed.home();
    List<String> files = Installed.listTree(home);
    assertEquals(files, Installed.listTree(tarHome));
    assertEquals(files, Installed.listTree(Installed.FOLDER.toAbsolutePath()), "target/meshprobe is the same installation, unpacked");
    for (String f : List.of("bin/meshprobe", "bin/meshprobe.cmd", "lib/meshprobe.jar", "README.md", "docs/ci.md",
        "docs/rules/probe-blocked-by-strict-mtls.md", "docs/rules/README.md")) {
      assertTrue(files.contains(f), f + " in " + files);
    }
    for (Path h : List.of(home, tarHome)) {
      Set<PosixFilePermission> sh = Files.getPosixFilePermissions(h.resolve("bin/meshprobe"));
      assertTrue(sh.containsAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE)), h + ": " + sh);
      assertFalse(Files.readString(h.resolve("bin/meshprobe")).contains("\r"), "the sh script has LF line ends");
      String cmd = Files.readString(h.resolve("bin/meshprobe.cmd"), StandardCharsets.ISO_8859_1);
      assertEquals(cmd.split("\n", -1).length, cmd.split("\r\n", -1).length, "every line of the Windows script ends in CRLF, which cmd.exe needs for goto");
      assertTrue(cmd.contains("%~dp0..\\lib\\meshprobe.jar"), "meshprobe.cmd runs the jar beside it");
    }
  }

  @Test
  void checkExamplesPrintsTheSeedFindingUnderDashBashAndItsOwnShebang() throws IOException {
    Map<String, String> env = Installed.baseEnvironment(scratch);
    assertSeed(meshprobe(List.of("/usr/bin/dash"), env, "check", "examples"));
    assertSeed(meshprobe(List.of("/usr/bin/bash", "--posix"), env, "check", "examples"));
    assertSeed(meshprobe(List.of(), env, "check", "examples"));
    Installed.Result json = meshprobe(List.of("/usr/bin/dash"), env, "check", "--format", "json", "examples");
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertEquals("probe-blocked-by-strict-mtls", root.get("findings").get(0).get("rule").asText(), "standard output holds only the report");
  }

  @Test
  void aLinkOnThePathFindsTheInstallation() throws IOException {
    Path bin = Files.createDirectories(scratch.resolve("my bin"));
    Files.createSymbolicLink(bin.resolve("meshprobe"), Installed.home().resolve("bin/meshprobe"));
    Map<String, String> env = Installed.baseEnvironment(scratch);
    env.put("PATH", bin + ":" + env.get("PATH"));
    try {
      assertSeed(Installed.run(List.of("/usr/bin/dash", "-c", "meshprobe check examples"), Installed.REPO, env));
      Installed.Result explain = Installed.run(List.of("/usr/bin/dash", "-c", "meshprobe explain probe-blocked-by-strict-mtls"), Installed.REPO, env);
      assertEquals(0, explain.code(), explain.both());
      assertEquals(Files.readString(Installed.home().resolve("docs/rules/probe-blocked-by-strict-mtls.md")), explain.out());
      Installed.Result rules = Installed.run(List.of("/usr/bin/dash", "-c", "meshprobe rules"), Installed.REPO, env);
      assertEquals(0, rules.code(), rules.both());
      assertTrue(rules.out().contains("probe-blocked-by-strict-mtls"), rules.out());
    } finally {
      Files.delete(bin.resolve("meshprobe"));
    }
  }

  @Test
  void withoutJavaTheLauncherSaysWhatToInstallAndExitsTwo() throws IOException {
    Path emptyPath = Files.createDirectories(scratch.resolve("no-java-here"));
    Map<String, String> env = Installed.baseEnvironment(scratch);
    env.put("PATH", emptyPath.toString());
    for (List<String> shell : List.of(List.of("/usr/bin/dash"), List.of("/usr/bin/bash"))) {
      Installed.Result r = meshprobe(shell, env, "check", "examples");
      assertEquals(2, r.code(), r.both());
      assertEquals("", r.out());
      assertTrue(r.err().startsWith("meshprobe: no Java found: JAVA_HOME is not set and there is no java on the PATH."), r.err());
      assertTrue(r.err().contains("Java 17 or newer"), r.err());
      assertEquals(1, r.err().lines().count(), "one clear line, no shell noise: " + r.err());
    }
  }

  @Test
  void aJavaHomeWithoutJavaOrWithAnOldJavaIsRefused() throws IOException {
    Map<String, String> env = Installed.baseEnvironment(scratch);
    env.put("JAVA_HOME", scratch.resolve("nowhere").toString());
    Installed.Result missing = meshprobe(List.of("/usr/bin/dash"), env, "check", "examples");
    assertEquals(2, missing.code(), missing.both());
    assertTrue(missing.err().contains("JAVA_HOME is set to " + scratch.resolve("nowhere") + ", which has no bin/java"), missing.err());

    // A Java 11 as its release file describes it; a Java 8 that only says so when asked. Neither may run the jar.
    Path ran = scratch.resolve("ran");
    Path java11 = fakeJava("java11", "JAVA_VERSION=\"11.0.2\"\n", "openjdk version \"11.0.2\" 2019-01-15", ran);
    Path java8 = fakeJava("java8", null, "java version \"1.8.0_292\"", ran);
    for (Object[] c : new Object[][] {{java11, "11.0.2"}, {java8, "1.8.0_292"}}) {
      env.put("JAVA_HOME", c[0].toString());
      Installed.Result old = meshprobe(List.of("/usr/bin/dash"), env, "check", "examples");
      assertEquals(2, old.code(), old.both());
      assertTrue(old.err().contains("is Java " + c[1] + ", which is too old"), old.err());
      assertFalse(Files.exists(ran), "the old Java was asked its version, never given the jar");
    }
  }

  @Test
  void aNewerJavaRunsWithItsMessagesOffStandardOutput() throws IOException {
    assumeTrue(Files.isExecutable(TEMURIN_25.resolve("bin/java")), "no Java 25 at " + TEMURIN_25);
    Map<String, String> env = Installed.baseEnvironment(scratch);
    env.put("JAVA_HOME", TEMURIN_25.toString());
    env.remove("MESHPROBE_CDS");
    Installed.Result r = meshprobe(List.of("/usr/bin/dash"), env, "check", "--format", "json", "examples");
    assertEquals(1, r.code(), r.both());
    assertEquals("probe-blocked-by-strict-mtls", new ObjectMapper().readTree(r.out()).get("findings").get(0).get("rule").asText());
    waitForArchive(scratch.resolve("cache/meshprobe"));
  }

  @Test
  void theClassDataArchiveIsMadeInTheUserCacheAndMappedByTheNextRun() throws IOException {
    // Unpacked where the path has no space: Java 17 keeps the classes of a jar whose path has one out
    // of the archive (Java 25 does not); the launcher's quoting is covered by the other tests.
    Path unpacked = Files.createDirectories(scratch.resolve("opt"));
    Installed.Result tar = Installed.run(List.of("tar", "-xzf", Installed.TARBALL.toString(), "-C", unpacked.toString()), scratch,
        Installed.baseEnvironment(scratch));
    assertEquals(0, tar.code(), tar.both());
    Path home = unpacked.resolve("meshprobe-" + Installed.VERSION);
    List<String> installed = Installed.listTree(home);
    Map<String, String> env = Installed.baseEnvironment(scratch);
    env.remove("MESHPROBE_CDS");
    List<String> launcher = List.of("/usr/bin/dash", home.resolve("bin/meshprobe").toString(), "check", "examples");
    assertSeed(Installed.run(launcher, Installed.REPO, env));
    Path cache = scratch.resolve("cache/meshprobe");
    Path archive = waitForArchive(cache);
    assertTrue(archive.getFileName().toString().matches("meshprobe-[0-9]+\\.jsa"), archive.toString());
    assertEquals(installed, Installed.listTree(home), "nothing is written into the installation");

    // The JVM says where each class came from: Meshprobe's own from the archive, not from the jar.
    Path classLog = scratch.resolve("classes.log");
    env.put("MESHPROBE_OPTS", "-Xlog:class+load=info:file=" + classLog);
    assertSeed(Installed.run(launcher, Installed.REPO, env));
    String main = Files.readAllLines(classLog).stream().filter(l -> l.contains(" dev.meshprobe.Main ")).findFirst().orElseThrow();
    assertTrue(main.endsWith("source: shared objects file"), main);

    env.put("MESHPROBE_CDS", "off");
    env.put("XDG_CACHE_HOME", scratch.resolve("other-cache").toString());
    assertSeed(Installed.run(launcher, Installed.REPO, env));
    assertFalse(Files.exists(scratch.resolve("other-cache")), "MESHPROBE_CDS=off keeps no archive");
  }

  /** A JAVA_HOME whose bin/java prints a version line on standard error and records being run with the jar. */
  private Path fakeJava(String name, String release, String versionLine, Path ran) throws IOException {
    Path javaHome = scratch.resolve(name);
    Files.createDirectories(javaHome.resolve("bin"));
    if (release != null) {
      Files.writeString(javaHome.resolve("release"), release);
    }
    Path java = javaHome.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'Picked up JAVA_TOOL_OPTIONS: -Dx=y' >&2; echo '" + versionLine
        + "' >&2; exit 0; fi\ntouch '" + ran + "'\n");
    java.toFile().setExecutable(true);
    return javaHome;
  }

  /** Waits for the background creation of the archive in {@code cache} to finish, and returns the archive. */
  private static Path waitForArchive(Path cache) throws IOException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(cache)) {
        try (Stream<Path> files = Files.list(cache)) {
          for (Path log : files.filter(p -> p.toString().endsWith(".jsa.log")).toList()) {
            String text = Files.readString(log);
            if (text.contains("class-data archive ready")) {
              waitForProcessesMentioning(cache);
              Path archive = log.resolveSibling(log.getFileName().toString().replace(".log", ""));
              assertTrue(Files.isRegularFile(archive) && Files.isRegularFile(archive.resolveSibling(archive.getFileName() + ".id")), text);
              return archive;
            }
            assertFalse(text.contains("Exception") || text.contains("failed"), text);
          }
        }
      }
      sleep(200);
    }
    throw new AssertionError("no class-data archive in " + cache + " after 3 minutes");
  }

  /** The background JVMs this test started (their command line names its own temporary folder). */
  private static void waitForProcessesMentioning(Path cache) {
    String marker = cache.toString();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
        .anyMatch(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))) {
      sleep(100);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
