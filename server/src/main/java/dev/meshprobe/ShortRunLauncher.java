package dev.meshprobe;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a command-line job in a JVM tuned for a short run. A lint of a few hundred files lasts seconds,
 * and the default tiered compiler spends most of that time compiling with C2 code that never pays
 * back; the client compiler alone halves the wall time of {@code check} over a large tree. A jar's
 * manifest cannot carry JVM options, so {@code check} re-executes itself once with them; the child
 * inherits standard input, output and error, and its exit status is returned. The language server,
 * which runs for hours, keeps the default compiler.
 */
final class ShortRunLauncher {
  static final String CHILD = "meshprobe.shortRun";

  private ShortRunLauncher() {}

  /** The child's exit status, or null when this JVM should do the work itself. */
  static Integer relaunch(String[] args) {
    if (Boolean.getBoolean(CHILD) || System.getenv("MESHPROBE_NO_RELAUNCH") != null) {
      return null;
    }
    Path jar = ownJar();
    String java = ProcessHandle.current().info().command().orElse(null);
    if (jar == null || java == null) {
      return null;
    }
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m",
        "-D" + CHILD + "=true", "-cp", jar.toString(), Main.class.getName()));
    command.addAll(Arrays.asList(args));
    try {
      Process p = new ProcessBuilder(command).inheritIO().start();
      return p.waitFor();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private static Path ownJar() {
    try {
      var source = Main.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path p = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
