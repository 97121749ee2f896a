package dev.meshprobe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures a benchmark run measured, one per line, tab-separated: what was measured (a file, "index",
 * "cli"), the server or command, the metric, the value. The scripts append to one file per run, and
 * {@link Targets} reads it to set the figures against DESIGN §8.
 */
public final class Results {
  private Results() {}

  public static void append(Path file, List<String[]> rows) throws IOException {
    StringBuilder s = new StringBuilder();
    for (String[] r : rows) {
      s.append(String.join("\t", r)).append('\n');
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  public static List<String[]> read(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }
}
