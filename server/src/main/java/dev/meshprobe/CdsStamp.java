package dev.meshprobe;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The stamp beside a class-data archive ({@code ARCHIVE.id}): which JVM build and which class path it
 * was dumped for. {@link CdsArchive} writes it; a server and a bare start's {@link Relaunch} read it to
 * tell whether the archive fits before they name it. Light on purpose: the waiting JVM of a bare start
 * reads it before its child starts (no lambdas, no {@code +} on strings, no NIO file attributes).
 */
final class CdsStamp {
  private CdsStamp() {}

  /** The stamp file of {@code archive}. */
  static Path of(Path archive) {
    return archive.resolveSibling(archive.getFileName().toString().concat(".id"));
  }

  /** True when {@code archive} exists and its stamp says this JVM build dumped it from {@code classPath}. */
  static boolean fits(Path archive, String classPath) {
    File stamp = of(archive).toFile();
    if (!archive.toFile().isFile() || !stamp.isFile()) {
      return false;
    }
    try (InputStream in = new FileInputStream(stamp)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(identity(classPath));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What an archive depends on: the JVM build and each class path entry with its size and modification
   * time (the JVM itself also checks the jar's size and time when it maps the archive).
   */
  static String identity(String classPath) {
    StringBuilder s = new StringBuilder();
    for (String p : List.of("java.home", "java.vm.vendor", "java.vm.version", "os.arch")) {
      s.append(p).append('=').append(System.getProperty(p, "")).append('\n');
    }
    for (String entry : classPath.split(File.pathSeparator)) {
      File f = new File(entry);
      s.append("entry=");
      if (f.exists()) {
        s.append(f.getAbsolutePath()).append(' ').append(f.length()).append(' ').append(f.lastModified()).append('\n');
      } else {
        s.append(entry).append(" missing\n");
      }
    }
    return s.toString();
  }
}
