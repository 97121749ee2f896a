package dev.meshprobe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of the generators.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.Generate manifest [--seed N] [--documents N] [--lines N] OUT.yaml
 * java -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.Generate workspace [--seed N] [--files N] [--megabytes N] DIR
 * </pre>
 */
public final class Generate {
  private Generate() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      usage();
    }
    long seed = ManifestGenerator.DEFAULT_SEED;
    int documents = ManifestGenerator.DEFAULT_DOCUMENTS;
    int lines = ManifestGenerator.DEFAULT_LINES;
    int files = WorkspaceGenerator.DEFAULT_FILES;
    long bytes = WorkspaceGenerator.DEFAULT_BYTES;
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--documents" -> documents = Integer.parseInt(args[++i]);
        case "--lines" -> lines = Integer.parseInt(args[++i]);
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--megabytes" -> bytes = Long.parseLong(args[++i]) * 1024 * 1024;
        default -> rest.add(args[i]);
      }
    }
    if (rest.size() != 1) {
      usage();
    }
    Path out = Path.of(rest.get(0));
    switch (args[0]) {
      case "manifest" -> {
        String text = ManifestGenerator.generate(seed, documents, lines);
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (!Files.isRegularFile(out) || !java.util.Arrays.equals(Files.readAllBytes(out), b)) {
          Files.write(out, b);
        }
        System.out.printf("%s: %d lines, %d documents, %d bytes (seed %d)%n", out, text.split("\n", -1).length - 1, documents, b.length, seed);
      }
      case "workspace" -> {
        long t0 = System.nanoTime();
        WorkspaceGenerator.Summary s = WorkspaceGenerator.generate(out, seed, files, bytes);
        System.out.printf("%s: %d files, %.1f MB%s in %.1f s%n", out, s.files(), s.bytes() / 1048576.0,
            s.reused() ? " (already there)" : "", (System.nanoTime() - t0) / 1e9);
      }
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: Generate manifest [--seed N] [--documents N] [--lines N] OUT.yaml\n"
        + "       Generate workspace [--seed N] [--files N] [--megabytes N] DIR");
    System.exit(2);
  }
}
