package dev.meshprobe.arch;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down the layers of DESIGN §6 (text → yaml → k8s → mesh → rules → fixes → context →
 * engine → lsp / cli); only {@code lsp} imports LSP4J.
 */
class ArchitectureTest {
  /** What each package must not import. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "text", List.of("dev.meshprobe.yaml", "dev.meshprobe.k8s", "dev.meshprobe.mesh", "dev.meshprobe.rules", "dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli", "dev.meshprobe.fixes", "dev.meshprobe.context"),
      "yaml", List.of("dev.meshprobe.k8s", "dev.meshprobe.mesh", "dev.meshprobe.rules", "dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli", "dev.meshprobe.fixes", "dev.meshprobe.context"),
      "k8s", List.of("dev.meshprobe.mesh", "dev.meshprobe.rules", "dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli", "dev.meshprobe.fixes", "dev.meshprobe.context"),
      "mesh", List.of("dev.meshprobe.rules", "dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli", "dev.meshprobe.fixes", "dev.meshprobe.context"),
      "rules", List.of("dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli", "dev.meshprobe.fixes", "dev.meshprobe.context"),
      "fixes", List.of("dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli", "dev.meshprobe.context"),
      "context", List.of("dev.meshprobe.engine", "dev.meshprobe.lsp", "dev.meshprobe.cli"),
      "engine", List.of("dev.meshprobe.lsp", "dev.meshprobe.cli"),
      "cli", List.of("dev.meshprobe.lsp"));

  @Test
  void layersDependDownwardAndOnlyLspImportsLsp4j() throws IOException {
    Path src = Path.of(System.getProperty("meshprobe.repo", "..")).resolve("server/src/main/java/dev/meshprobe");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = src.relativize(f.getParent()).toString();
        String text = Files.readString(f);
        for (String line : text.lines().filter(l -> l.startsWith("import ")).toList()) {
          if (line.contains("org.eclipse.lsp4j") && !pkg.equals("lsp") && !pkg.equals("")) {
            violations.add(src.relativize(f) + ": " + line);
          }
          for (String forbidden : FORBIDDEN.getOrDefault(pkg, List.of())) {
            if (line.contains(forbidden + ".")) {
              violations.add(src.relativize(f) + ": " + line);
            }
          }
        }
        if (!pkg.isEmpty() && !Files.exists(f.getParent().resolve("package-info.java"))) {
          violations.add(pkg + " has no package-info.java");
        }
      }
    }
    if (!violations.isEmpty()) {
      fail(String.join("\n", violations.stream().distinct().toList()));
    }
  }
}
