package dev.meshprobe;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The language server's class-data-sharing (AppCDS) archive, made for the JVM that runs it.
 *
 * <p>A static archive of the classes the server loads in its first seconds (JDK classes, LSP4J, Gson,
 * the engine) roughly halves the JVM's share of start-up. An archive works only with the exact JVM
 * build that dumped it and with the same jar, so none is shipped ready-made: the jar carries the class
 * list (plain text, {@value #CLASS_LIST}, written by a training session during the build, see
 * {@link CdsTraining}) and the archive is dumped from it on the user's machine by the user's JVM.
 *
 * <p>The editor clients start the server with {@code -Dmeshprobe.cds.archive=PATH}, and with
 * {@code -XX:SharedArchiveFile=PATH -Xshare:auto} once PATH exists. A server started with the property
 * checks in the background, after start-up, that PATH was dumped by this JVM from this jar (the stamp
 * file {@code PATH.id}), and if not, starts {@code meshprobe cds-archive PATH} as a process of its own
 * (not waited for, so that it finishes even when the editor closes first). That one runs
 * {@code -Xshare:dump} (1–3 s of one core) into a temporary file, moves it over PATH and writes the
 * stamp; a lock file keeps two servers from dumping at once. The next start uses it. A missing,
 * stale or foreign archive never stops the server: with {@code -Xshare:auto} the JVM then runs
 * without it (JDK 17 silently; newer JDKs log a CDS error, which the clients send to standard error
 * with {@code -Xlog:disable -Xlog:all=warning:stderr}, because unified logging writes to standard
 * output by default and would corrupt the protocol).
 */
public final class CdsArchive {
  /** Where the server keeps its archive; set by the clients. */
  public static final String PROPERTY = "meshprobe.cds.archive";
  /** Milliseconds to wait after start before checking the archive (default 20 s: after the first lint). */
  public static final String DELAY_PROPERTY = "meshprobe.cds.delay";
  /** The class list inside the jar. */
  public static final String CLASS_LIST = "META-INF/meshprobe/cds.classlist";

  private static final long DEFAULT_DELAY_MS = 20_000;

  private CdsArchive() {}

  /**
   * When {@value #PROPERTY} is set, checks the archive on a background thread after the delay, and
   * dumps it again when it is missing or stale. Messages go to {@code log} (standard error).
   */
  public static void refreshInBackground(PrintStream log) {
    String where = System.getProperty(PROPERTY);
    if (where == null || where.isBlank()) {
      return;
    }
    long delay = Long.getLong(DELAY_PROPERTY, DEFAULT_DELAY_MS);
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(Math.max(0, delay));
        Path archive = Path.of(where).toAbsolutePath();
        String why = staleReason(archive);
        if (why != null) {
          log.println("meshprobe: creating the class-data archive " + archive + " (" + why + "), log in " + logOf(archive));
          startCreator(archive);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException e) {
        log.println("meshprobe: could not create the class-data archive: " + e);
      }
    }, "meshprobe-cds");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * For a command-line run started with {@value #PROPERTY} ({@code bin/meshprobe} passes it): when the
   * archive is missing or stale, starts its creation as a process of its own and returns at once, so
   * that the next run maps it (a check of a few files then starts in about half the time). Silent: the
   * run's output is a report that CI tools parse. An attempt that failed or is still running (its log
   * does not say the archive is ready) is not repeated within {@link #RETRY_AFTER_MS}, so that a Java
   * that cannot dump does not cost a background JVM on every run.
   */
  public static void refreshDetached() {
    String where = System.getProperty(PROPERTY);
    if (where == null || where.isBlank() || CdsArchive.class.getClassLoader().getResource(CLASS_LIST) == null) {
      return;
    }
    try {
      Path archive = Path.of(where).toAbsolutePath();
      Path log = logOf(archive);
      if (Files.isRegularFile(log) && System.currentTimeMillis() - Files.getLastModifiedTime(log).toMillis() < RETRY_AFTER_MS
          && !new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(READY)) {
        return;
      }
      if (staleReason(archive) != null) {
        startCreator(archive);
      }
    } catch (IOException | RuntimeException e) {
      // The archive only speeds up the next start; a read-only or missing cache folder costs nothing.
    }
  }

  private static final String READY = "class-data archive ready";

  /** How long a failed or running archive creation keeps a command-line run from starting another. */
  static final long RETRY_AFTER_MS = 10 * 60_000;

  /**
   * Runs {@code meshprobe cds-archive ARCHIVE} as a process of its own, not waited for: it finishes
   * even when this server exits first, and the next start finds the archive.
   */
  private static void startCreator(Path archive) throws IOException {
    Files.createDirectories(archive.getParent());
    new ProcessBuilder(javaExecutable(), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", absoluteClassPath(),
        Main.class.getName(), "cds-archive", archive.toString())
        .redirectErrorStream(true)
        .redirectOutput(logOf(archive).toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
        .start();
  }

  static Path logOf(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".log");
  }

  /** Why {@code archive} must be dumped again, or null when it fits this JVM and jar. */
  static String staleReason(Path archive) throws IOException {
    if (!Files.isRegularFile(archive)) {
      return "none yet";
    }
    Path stamp = stampOf(archive);
    if (!Files.isRegularFile(stamp) || !Files.readString(stamp, StandardCharsets.UTF_8).equals(identity())) {
      return "made by another JVM or for another jar";
    }
    if (startedWith(archive) && Boolean.FALSE.equals(sharingInUse())) {
      return "this JVM could not map it";
    }
    return null;
  }

  /**
   * Dumps a static archive for this JVM and this jar to {@code archive}, from the class list in the
   * jar, in a child JVM; replaces the old archive only when the dump succeeded.
   */
  public static void create(Path archive, PrintStream log) throws IOException, InterruptedException {
    archive = archive.toAbsolutePath();
    String classPath = absoluteClassPath();
    if (classPath.isEmpty()) {
      throw new IOException("no class path to archive");
    }
    Path dir = archive.getParent();
    Files.createDirectories(dir);
    try (FileChannel lockFile = FileChannel.open(archive.resolveSibling(archive.getFileName() + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        log.println("meshprobe: another process is creating " + archive);
        return;
      }
      dump(archive, classPath, dir, log);
    }
  }

  private static void dump(Path archive, String classPath, Path dir, PrintStream log) throws IOException, InterruptedException {
    String tag = ".tmp-" + ProcessHandle.current().pid();
    Path list = dir.resolve(archive.getFileName() + tag + ".classlist");
    Path dumped = dir.resolve(archive.getFileName() + tag);
    Path dumpLog = dir.resolve(archive.getFileName() + tag + ".log");
    try {
      try (InputStream in = CdsArchive.class.getClassLoader().getResourceAsStream(CLASS_LIST)) {
        if (in == null) {
          throw new IOException("the jar has no class list (" + CLASS_LIST + ")");
        }
        Files.copy(in, list, StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.add("-Xshare:dump");
      command.add("-XX:SharedClassListFile=" + list);
      command.add("-XX:SharedArchiveFile=" + dumped);
      command.add("-Xlog:disable");
      command.add("-Xlog:all=warning:stderr");
      command.add("-cp");
      command.add(classPath);
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dumpLog.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .start();
      Thread killer = new Thread(p::destroyForcibly);
      Runtime.getRuntime().addShutdownHook(killer);
      boolean done;
      try {
        done = p.waitFor(120, TimeUnit.SECONDS);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs anyway.
        }
      }
      if (!done) {
        p.destroyForcibly();
        throw new IOException("-Xshare:dump did not finish within 120 s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(dumped)) {
        throw new IOException("-Xshare:dump failed with exit code " + p.exitValue() + ": " + tail(dumpLog));
      }
      move(dumped, archive);
      Path stampTmp = dir.resolve(archive.getFileName() + tag + ".id");
      Files.writeString(stampTmp, identity(), StandardCharsets.UTF_8);
      move(stampTmp, stampOf(archive));
      log.println("meshprobe: " + READY + ": " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
    } finally {
      Files.deleteIfExists(list);
      Files.deleteIfExists(dumped);
      Files.deleteIfExists(dumpLog);
    }
  }

  /** The stamp beside the archive: which JVM and jar it was dumped for. */
  static Path stampOf(Path archive) {
    return CdsStamp.of(archive);
  }

  /**
   * What the archive depends on: the JVM build and the class path (the JVM itself also checks the
   * jar's size and modification time when it maps the archive).
   */
  static String identity() {
    return identity(System.getProperty("java.class.path", ""));
  }

  /** The identity of an archive this JVM build dumps from {@code classPath} ({@link CdsStamp#identity}). */
  static String identity(String classPath) {
    return CdsStamp.identity(classPath);
  }

  /** Whether this JVM was started with {@code -XX:SharedArchiveFile} naming {@code archive}. */
  private static boolean startedWith(Path archive) {
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-XX:SharedArchiveFile=")) {
        Path given = Path.of(a.substring("-XX:SharedArchiveFile=".length())).toAbsolutePath();
        return given.normalize().equals(archive.normalize());
      }
    }
    return false;
  }

  /** Whether class-data sharing is on in this JVM; null where the JVM does not say (JDK 24+ dropped the flag). */
  private static Boolean sharingInUse() {
    try {
      var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean == null ? null : Boolean.valueOf(bean.getVMOption("UseSharedSpaces").getValue());
    } catch (IllegalArgumentException | LinkageError | SecurityException e) {
      return null;
    }
  }

  /** This JVM's class path with absolute entries, so that the dump does not depend on its directory. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static String javaExecutable() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
  }

  private static java.io.File nullDevice() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return new java.io.File(windows ? "NUL" : "/dev/null");
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no output)";
    }
  }
}
