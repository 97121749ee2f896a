package dev.meshprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a bare start runs again in a fast JVM, with which options, and where its class-data archive lives. */
class RelaunchTest {
  private static final String HOTSPOT = "OpenJDK 64-Bit Server VM";

  @TempDir Path tmp;

  private Path jar() throws Exception {
    Path jar = tmp.resolve("lib/meshprobe.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "not really a jar");
    return jar;
  }

  private Map<String, String> env() {
    return Map.of("MESHPROBE_CACHE_DIR", tmp.resolve("cache").toString());
  }

  @Test
  void aBareStartRunsAgainWithTheClientsOptionsAndTheUsersArchiveNamed() throws Exception {
    Path jar = jar();
    Path java = Path.of("/usr/lib/jvm/x/bin/java");
    List<String> command = Relaunch.command(Relaunch.Job.SERVER, List.of(), env(), HOTSPOT, jar, java);
    assertEquals(java.toString(), command.get(0));
    assertTrue(command.containsAll(Relaunch.FAST), command.toString());
    Path archive = Relaunch.archive(env(), jar, java);
    assertEquals(tmp.resolve("cache"), archive.getParent());
    assertTrue(command.contains("-Dmeshprobe.cds.archive=" + archive), "the server makes the archive for the next start");
    assertFalse(command.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), "no archive yet: not named (JDK 17 would drop its own)");
    assertTrue(command.contains("-D" + Relaunch.CHILD + "=true"), "the child does not start a third JVM");
    assertTrue(command.contains("-D" + Relaunch.PARENT + "=" + ProcessHandle.current().pid()), "the child watches this process");
    assertEquals(ProcessHandle.current().pid(), Relaunch.pid());
    assertEquals(List.of("-cp", jar.toString(), Main.class.getName()), command.subList(command.size() - 3, command.size()));
  }

  @Test
  void anArchiveStampedForThisJavaAndJarIsMapped() throws Exception {
    Path jar = jar();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path archive = Relaunch.archive(env(), jar, java);
    Files.createDirectories(archive.getParent());
    Files.writeString(archive, "an archive");
    Files.writeString(CdsArchive.stampOf(archive), CdsArchive.identity(jar.toString()), StandardCharsets.UTF_8);
    List<String> command = Relaunch.command(Relaunch.Job.SERVER, List.of(), env(), HOTSPOT, jar, java);
    int mapped = command.indexOf("-XX:SharedArchiveFile=" + archive);
    assertTrue(mapped > 0, command.toString());
    assertEquals("-Xshare:auto", command.get(mapped + 1), "an archive that does not fit after all is skipped, never fatal");

    Files.writeString(CdsArchive.stampOf(archive), CdsArchive.identity(jar.toString()).replace("java.vm.version=", "java.vm.version=0"));
    assertFalse(Relaunch.command(Relaunch.Job.SERVER, List.of(), env(), HOTSPOT, jar, java).contains("-XX:SharedArchiveFile=" + archive),
        "another Java's archive is not named");
  }

  @Test
  void heapSizesAssertionsAndPropertiesArePassedOnAfterMeshprobesOwnSoTheyWin() throws Exception {
    List<String> mine = List.of("-Xmx2g", "-Dfile.encoding=UTF-8", "-ea", "-XX:MaxRAMPercentage=50", "-XX:TieredStopAtLevel=4");
    List<String> command = Relaunch.command(Relaunch.Job.SHORT_RUN, mine, env(), HOTSPOT, jar(), Path.of("java"));
    for (String o : mine) {
      assertTrue(command.lastIndexOf(o) > command.indexOf("-XX:TieredStopAtLevel=1"), o + " after the fast options: " + command);
    }
    assertTrue(command.contains("-Xss4m"), "a command-line run gets the deep stack of nested YAML");
  }

  @Test
  void aJvmWhoseOptionsWereChosenOnPurposeRunsAsStarted() throws Exception {
    Path jar = jar();
    Path java = Path.of("java");
    // The editor clients' own options, bin/meshprobe's, a debugger, a profiler, another collector, logging.
    for (String chosen : List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:SharedArchiveFile=/x.jsa",
        "-Dmeshprobe.cds.archive=/x.jsa", "-Dmeshprobe.shortRun=true", "-agentlib:jdwp=transport=dt_socket,server=y",
        "-javaagent:/a.jar", "-XX:StartFlightRecording", "-XX:+UseG1GC", "-Xlog:gc", "-Dcom.sun.management.jmxremote.port=9010")) {
      assertNull(Relaunch.command(Relaunch.Job.SERVER, List.of("-Xmx1g", chosen), env(), HOTSPOT, jar, java), chosen);
    }
    assertNull(Relaunch.command(Relaunch.Job.SERVER, List.of(), Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC"), HOTSPOT, jar, java),
        "options from the environment count too");
    assertTrue(Relaunch.command(Relaunch.Job.SERVER, List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8"), HOTSPOT, jar, java) != null,
        "a property in the environment is inherited by the child");
    assertNull(Relaunch.command(Relaunch.Job.SERVER, List.of(), Map.of(Relaunch.ENV, "off"), HOTSPOT, jar, java), "turned off");
    assertNull(Relaunch.command(Relaunch.Job.SERVER, List.of(), env(), "Eclipse OpenJ9 VM", jar, java), "another VM takes other options");
    assertNull(Relaunch.command(Relaunch.Job.SERVER, null, env(), HOTSPOT, jar, java), "options that cannot be read");
  }

  @Test
  void theJvmOptionsAreThoseBeforeTheJarOrTheMainClass() {
    assertEquals(List.of("-Xmx1g", "-Dx=a b"), Relaunch.optionsOf(List.of("java", "-Xmx1g", "-Dx=a b", "-jar", "m.jar", "--stdio", "-Xmx9g")));
    assertEquals(List.of("-ea"), Relaunch.optionsOf(List.of("/usr/bin/java", "-cp", "a.jar:b.jar", "-ea", "dev.meshprobe.Main", "check")));
    assertEquals(List.of(), Relaunch.optionsOf(List.of("java", "--class-path=m.jar", "dev.meshprobe.Main")));
    assertNull(Relaunch.optionsOf(List.of("java", "-m", "meshprobe/dev.meshprobe.Main")));
  }

  @Test
  void cdsArchiveOffOrNoCacheFolderNamesNoArchive() throws Exception {
    assertNull(Relaunch.archive(Map.of("MESHPROBE_CDS", "off"), jar(), Path.of("java")));
    List<String> command = Relaunch.command(Relaunch.Job.SERVER, List.of(), Map.of("MESHPROBE_CDS", "OFF"), HOTSPOT, jar(), Path.of("java"));
    assertFalse(command.stream().anyMatch(a -> a.contains("meshprobe.cds.archive") || a.startsWith("-XX:SharedArchiveFile")), command.toString());
  }

  @Test
  void theArchiveIsNamedAsBinMeshprobeNamesIt() {
    // bin/meshprobe: key=$(printf '%s\n%s\n' "$jar" "$java" | cksum); archive=$cache/meshprobe-${key%% *}.jsa
    assertEquals(4294967295L, Relaunch.cksum(new byte[0]));
    assertEquals(1219131554L, Relaunch.cksum("abc".getBytes(StandardCharsets.US_ASCII)));
    Path jar = Path.of("/opt/meshprobe/lib/meshprobe.jar");
    Path java = Path.of("/usr/lib/jvm/java-17/bin/java");
    assertEquals("meshprobe-2739799230.jsa", Relaunch.archive(Map.of("MESHPROBE_CACHE_DIR", "/c"), jar, java).getFileName().toString());
    assertEquals(Path.of("/x/meshprobe"), Relaunch.archive(Map.of("XDG_CACHE_HOME", "/x"), jar, java).getParent());
  }
}
