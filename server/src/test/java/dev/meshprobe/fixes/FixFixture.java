package dev.meshprobe.fixes;

import dev.meshprobe.engine.ConfigFile;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fixture manifest read with the directives of test-fixtures/README.md that fixes need:
 * {@code # fix: "title"} (repeatable, applied in order; the result is {@code <name>.fixed.yaml}),
 * {@code # context: path} and {@code # config: {flow YAML}}. Expectations are left to the rule tests.
 */
record FixFixture(Path file, String text, List<String> titles, List<String> contexts, String config) {
  static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();
  /** The golden fixtures of the fixes, one folder per fix id. */
  static final Path FIXES = REPO.resolve("test-fixtures/src/main/resources/fixes");
  /** The rule fixtures; {@code -Dmeshprobe.ruleFixtures=DIR} points elsewhere (a worktree without them). */
  static final Path RULE_FIXTURES = Path.of(System.getProperty("meshprobe.ruleFixtures",
      REPO.resolve("test-fixtures/src/main/resources/fixtures").toString())).toAbsolutePath().normalize();

  private static final Pattern DIRECTIVE = Pattern.compile("^[ \\t]*#[ \\t]*(fix|context|config):(.*)$");

  static FixFixture read(Path file) {
    String text = readExact(file);
    List<String> titles = new ArrayList<>();
    List<String> contexts = new ArrayList<>();
    String config = null;
    for (String line : text.split("\\r\\n|\\r|\\n")) {
      Matcher m = DIRECTIVE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String rest = m.group(2).trim();
      switch (m.group(1)) {
        case "fix" -> titles.add(unquote(rest, file));
        case "context" -> contexts.add(rest);
        default -> config = rest;
      }
    }
    return new FixFixture(file, text, titles, contexts, config);
  }

  private static String unquote(String s, Path file) {
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      throw new IllegalArgumentException(file + ": `fix:` takes one double-quoted title, not " + s);
    }
    return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** The text exactly as stored: bytes decoded as UTF-8, line endings and a missing final newline kept. */
  static String readExact(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fixture below {@code root}: YAML files that are not goldens, contexts or configuration. */
  static List<Path> under(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(p -> {
        String n = p.getFileName().toString();
        String rel = root.relativize(p).toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.contains(".fixed.") && !n.startsWith(".meshprobe")
            && !n.startsWith("kustomization") && !rel.contains("context/") && !rel.startsWith("_");
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The golden beside a file: {@code web.yaml} → {@code web.fixed.yaml}, {@code .meshprobe.yaml} → {@code .meshprobe.fixed.yaml}. */
  static Path golden(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return file.resolveSibling(n.substring(0, dot) + ".fixed" + n.substring(dot));
  }

  /**
   * A workspace rooted at {@code root} holding the fixture and its context files, with its
   * configuration layered over the defaults (and over a {@code .meshprobe.yaml} in its folder).
   */
  Workspace workspace(Path root) {
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    if (config != null) {
      ws.setOverrides(ConfigFile.parseTree(config));
    }
    for (String c : contexts) {
      Path p = file.getParent().resolve(c).normalize();
      ws.putText(p, readExact(p));
    }
    ws.putText(path(), text);
    return ws;
  }

  Path path() {
    return file.toAbsolutePath().normalize();
  }
}
