package dev.meshprobe.context;

import dev.meshprobe.yaml.ParseLimits;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The text the user edits, as the source map reads it: each file read once and parsed once with the
 * project's YAML layer, so that every offset handed out is an offset into that text. The reader is the
 * caller's (the language server gives open buffers before disk). Safe to share between renders that
 * run in parallel.
 */
public final class SourceFiles {
  private final Function<Path, String> reader;
  private final YamlParser parser;
  private final Map<Path, Optional<String>> texts = new ConcurrentHashMap<>();
  private final Map<Path, YamlFile> parsed = new ConcurrentHashMap<>();

  public SourceFiles(Function<Path, String> reader, ParseLimits limits) {
    this.reader = reader;
    this.parser = new YamlParser(limits);
  }

  /** Files as they are on disk, read as UTF-8; an unreadable file is absent. */
  public static SourceFiles fromDisk() {
    return new SourceFiles(SourceFiles::readDisk, ParseLimits.DEFAULT);
  }

  static String readDisk(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The file's text, or null when it cannot be read. */
  public String text(Path file) {
    return texts.computeIfAbsent(key(file), p -> Optional.ofNullable(reader.apply(p))).orElse(null);
  }

  /** The file parsed, or null when it cannot be read. */
  public YamlFile yaml(Path file) {
    Path k = key(file);
    YamlFile y = parsed.get(k);
    if (y == null) {
      String text = text(k);
      if (text == null) {
        return null;
      }
      y = parser.parse(text);
      YamlFile first = parsed.putIfAbsent(k, y);
      y = first != null ? first : y;
    }
    return y;
  }

  /** Forgets a file, after it changed. */
  public void invalidate(Path file) {
    texts.remove(key(file));
    parsed.remove(key(file));
  }

  static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
