package dev.meshprobe.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution as a user installs it: the zip that {@code mvn package} built, unpacked with
 * {@code unzip} into a temporary folder whose path holds a space, once for the test run; and commands
 * run against it with an environment the test controls.
 */
final class Installed {
  static final Path ZIP = Path.of(System.getProperty("meshprobe.zip", "target/meshprobe-0.1.0.zip"));
  static final Path TARBALL = Path.of(System.getProperty("meshprobe.tarball", "target/meshprobe-0.1.0.tar.gz"));
  static final Path FOLDER = Path.of(System.getProperty("meshprobe.folder", "target/meshprobe"));
  static final String VERSION = System.getProperty("meshprobe.version", "0.1.0");
  static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();

  private static Path home;

  record Result(int code, String out, String err) {
    String both() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Installed() {}

  /** The unpacked installation, {@code .../meshprobe-VERSION}. */
  static synchronized Path home() throws IOException {
    if (home == null) {
      Path root = Files.createTempDirectory("meshprobe install ");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      Result unzip = run(List.of("unzip", "-q", ZIP.toString(), "-d", root.toString()), root, baseEnvironment(root));
      assertEquals(0, unzip.code(), unzip.both());
      home = root.resolve("meshprobe-" + VERSION);
    }
    return home;
  }

  /**
   * An environment without JAVA_HOME, with the test JVM's PATH, a HOME and cache of its own, and no
   * class-data archive (the test of the archive turns it on).
   */
  static Map<String, String> baseEnvironment(Path scratch) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", scratch.toString());
    env.put("XDG_CACHE_HOME", scratch.resolve("cache").toString());
    env.put("MESHPROBE_CDS", "off");
    env.put("LANG", "C.UTF-8");
    return env;
  }

  /** Runs a command with exactly this environment; fails the test when it does not end within 3 minutes. */
  static Result run(List<String> command, Path cwd, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile("meshprobe-out", ".txt");
    Path err = Files.createTempFile("meshprobe-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("did not finish in 3 minutes: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Skips the test when {@code tool} is missing, except under CI, where scripts/install-test-deps.sh installs it. */
  static void require(String tool, String debianPackage) {
    boolean found = false;
    for (String dir : System.getenv("PATH").split(":")) {
      found |= Files.isExecutable(Path.of(dir, tool));
    }
    if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(tool + " is not installed; CI must run this test (scripts/install-test-deps.sh installs Debian's " + debianPackage + ")");
    }
    assumeTrue(found, tool + " is not installed (bash scripts/install-test-deps.sh); skipped outside CI");
  }

  /** The line of the seed finding in examples/shop/web.yaml, counted from 1: where its livenessProbe key is. */
  static String seedLocation() throws IOException {
    List<String> lines = Files.readAllLines(REPO.resolve("examples/shop/web.yaml"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("livenessProbe:")) {
        return "examples/shop/web.yaml:" + (i + 1) + ":";
      }
    }
    throw new AssertionError("examples/shop/web.yaml has no livenessProbe");
  }

  static List<String> listTree(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted().forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
    }
    return out;
  }

  static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary folder.
    }
  }
}
