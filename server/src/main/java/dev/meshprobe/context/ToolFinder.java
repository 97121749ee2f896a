package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the user's {@code helm} and {@code kustomize}: a configured value ({@code tools.helm}, {@code
 * tools.kustomize}) is a path or a command name; without one, the PATH is searched. For Kustomize,
 * {@code kubectl} (a configured {@code kubectl}, or a {@code kubectl} on the PATH when there is no
 * {@code kustomize}) means {@code kubectl kustomize}, which embeds kustomize.
 */
final class ToolFinder {
  /** A tool, or why there is none (one sentence naming the setting to set). */
  record Found(Tool tool, String missing) {}

  private final Map<String, String> env;
  private final Path base;

  /**
   * {@code env} is the environment the tools run in; its {@code PATH} is searched. A configured relative
   * path ({@code ./bin/helm}) is resolved against {@code base} (the configuration's folder; null: the
   * working directory).
   */
  ToolFinder(Map<String, String> env, Path base) {
    this.env = Map.copyOf(env);
    this.base = base;
  }

  ToolFinder(Map<String, String> env) {
    this(env, null);
  }

  Map<String, String> env() {
    return env;
  }

  Found helm(Setting<String> configured) {
    String c = configured.value();
    if (c != null && !c.isBlank()) {
      Path p = executable(c);
      return p != null ? new Found(new Tool(List.of(p.toString())), null)
          : new Found(null, "helm was not found at " + c + " (tools.helm" + from(configured) + "); point tools.helm at the helm executable");
    }
    Path p = onPath("helm");
    return p != null ? new Found(new Tool(List.of(p.toString())), null)
        : new Found(null, "helm was not found on the PATH; install it or set tools.helm to its path");
  }

  Found kustomize(Setting<String> configured) {
    String c = configured.value();
    if (c != null && !c.isBlank()) {
      Path p = executable(c);
      if (p == null) {
        return new Found(null, "kustomize was not found at " + c + " (tools.kustomize" + from(configured)
            + "); point tools.kustomize at kustomize or kubectl");
      }
      return new Found(kustomizeCommand(p), null);
    }
    Path p = onPath("kustomize");
    if (p == null) {
      p = onPath("kubectl");
    }
    return p != null ? new Found(kustomizeCommand(p), null)
        : new Found(null, "neither kustomize nor kubectl was found on the PATH; install one or set tools.kustomize to its path");
  }

  private static String from(Setting<String> s) {
    return s.source() == null ? "" : ", in " + s.source();
  }

  /** kubectl builds with {@code kubectl kustomize DIR}; kustomize with {@code kustomize build DIR}. */
  private static Tool kustomizeCommand(Path exe) {
    String name = exe.getFileName().toString();
    boolean kubectl = name.equals("kubectl") || name.equals("kubectl.exe");
    return new Tool(List.of(exe.toString(), kubectl ? "kustomize" : "build"));
  }

  /** A configured value: a path to an executable file, or a bare name looked up on the PATH. */
  private Path executable(String value) {
    String v = value.trim();
    if (!v.contains("/") && !v.contains(File.separator)) {
      return onPath(v);
    }
    try {
      Path p = Path.of(v.startsWith("~/") && env.get("HOME") != null ? env.get("HOME") + v.substring(1) : v);
      if (!p.isAbsolute() && base != null) {
        p = base.resolve(p);
      }
      return isExecutable(p) ? p.toAbsolutePath().normalize() : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private Path onPath(String name) {
    String path = env.get("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String candidate : List.of(name, name + ".exe")) {
        try {
          Path p = Path.of(dir, candidate);
          if (isExecutable(p)) {
            return p.toAbsolutePath().normalize();
          }
        } catch (InvalidPathException e) {
          // A PATH entry that is no path: skipped, as a shell would.
        }
      }
    }
    return null;
  }

  private static boolean isExecutable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }
}
