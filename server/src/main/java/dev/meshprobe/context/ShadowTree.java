package dev.meshprobe.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A copy of a context's files in a new temporary folder, with the text of unsaved editor buffers in place
 * of what is on disk, so that the user's own tool renders what the user is typing without a byte written
 * into the user's tree. Paths keep their places relative to one another ({@code ../../base} still
 * resolves), so what the tool names in its output is mapped back by the same relative path. Deleted by
 * {@link #close()}.
 */
final class ShadowTree implements AutoCloseable {
  /** Nothing is copied from a folder deeper or larger than this: a chart is small, a mistake is not. */
  private static final int MAX_FILES = 5_000;

  private final Path origin;
  private final Path root;

  private ShadowTree(Path origin, Path root) {
    this.origin = origin;
    this.root = root;
  }

  /**
   * Copies the files of {@code folders} (whole folder trees, hidden folders left out) and the single
   * {@code files}, all below {@code origin}, then writes {@code overlay} (path to text) over them.
   */
  static ShadowTree of(Path origin, Collection<Path> folders, Collection<Path> files, Map<Path, String> overlay) throws IOException {
    Path o = SourceFiles.key(origin);
    ShadowTree t = new ShadowTree(o, Files.createTempDirectory("meshprobe-shadow-").toRealPath());
    try {
      int[] count = {0};
      for (Path folder : folders) {
        Path from = SourceFiles.key(folder);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
            return !dir.equals(from) && n.startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (attrs.isRegularFile() && ++count[0] <= MAX_FILES) {
              t.copy(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
      }
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          t.copy(SourceFiles.key(f));
        }
      }
      for (Map.Entry<Path, String> e : overlay.entrySet()) {
        Path to = t.map(SourceFiles.key(e.getKey()));
        if (to != null) {
          Files.createDirectories(to.getParent());
          Files.writeString(to, e.getValue(), StandardCharsets.UTF_8);
        }
      }
      return t;
    } catch (IOException | RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private void copy(Path file) throws IOException {
    Path to = map(file);
    if (to != null) {
      Files.createDirectories(to.getParent());
      Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Where a path below the origin is in the copy; null for a path outside it. */
  Path map(Path p) {
    Path k = SourceFiles.key(p);
    return k.startsWith(origin) ? root.resolve(origin.relativize(k).toString()) : null;
  }

  /** A result as the user's tree would have given it: a failure names the user's paths, not the copy's. */
  RenderResult unmap(RenderResult r) {
    if (!(r instanceof RenderFailure f)) {
      return r;
    }
    return new RenderFailure(f.context(), f.reason(), unmap(f.message()), f.toolOutput().stream().map(this::unmap).toList());
  }

  private String unmap(String text) {
    return text.replace(root.toString(), origin.toString());
  }

  /** The common folder of {@code paths}. */
  static Path commonFolder(Collection<Path> paths) {
    Path common = null;
    for (Path p : paths) {
      Path dir = SourceFiles.key(p);
      if (common == null) {
        common = dir;
        continue;
      }
      while (!dir.startsWith(common)) {
        common = common.getParent();
      }
    }
    return common;
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary folder left behind is harmless; the system cleans its temporary files.
    }
  }
}
