package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.mesh.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real helm and kubectl the tests run, installed by {@code scripts/install-test-deps.sh} into
 * {@code build/tools/bin} (Maven passes the folder as {@code -Dmeshprobe.tools}). Missing tools skip a
 * test, except under CI ({@code CI=true}), where they fail it.
 */
public final class TestTools {
  private TestTools() {}

  public static Path dir() {
    String d = System.getProperty("meshprobe.tools");
    return d == null ? Path.of(System.getProperty("meshprobe.repo", ".."), "build", "tools", "bin") : Path.of(d);
  }

  public static Path helm() {
    return dir().resolve("helm").toAbsolutePath().normalize();
  }

  public static Path kubectl() {
    return dir().resolve("kubectl").toAbsolutePath().normalize();
  }

  /** Skips (or under CI fails) the calling test when the tools are not installed. */
  public static void require() {
    boolean present = Files.isExecutable(helm()) && Files.isExecutable(kubectl());
    if (!present) {
      String why = "helm and kubectl are not in " + dir() + " (run bash scripts/install-test-deps.sh)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + "; CI must run the deployment-context tests");
      }
      assumeTrue(false, why + "; skipped outside CI");
    }
  }

  /** {@code settings} with the test tools wherever the scenario does not configure its own. */
  public static ContextSettings withTools(ContextSettings settings) {
    Setting<String> helm = settings.helm().isConfigured() ? settings.helm() : new Setting<>(helm().toString(), "test");
    Setting<String> kustomize = settings.kustomize().isConfigured() ? settings.kustomize() : new Setting<>(kubectl().toString(), "test");
    return settings.withTools(helm, kustomize);
  }

  /**
   * The tools' environment: this process's, with a PATH that holds nothing, so that no helm or kubectl
   * of the machine (this one has a kubectl in /usr/bin) is ever found instead of the configured ones.
   */
  public static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", EMPTY_PATH.toString());
    return env;
  }

  /**
   * The tools' environment with the test tools on the PATH (and nothing else there), for workspaces that
   * find them as a user's would: on the PATH, unless the configuration points elsewhere.
   */
  public static Map<String, String> pathEnv() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", dir().toAbsolutePath().normalize().toString());
    return env;
  }

  private static final Path EMPTY_PATH = emptyFolder();

  private static Path emptyFolder() {
    try {
      Path p = Files.createTempDirectory("meshprobe-empty-path");
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
