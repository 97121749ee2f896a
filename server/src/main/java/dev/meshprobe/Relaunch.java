package dev.meshprobe;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Meshprobe in a JVM started with the options that make it fast, whatever command started it.
 *
 * <p>A bare {@code java -jar meshprobe.jar} gets the JVM's defaults: G1 with its concurrent threads and
 * barriers, the tiered compiler whose optimising (C2) thread competes with the work for the second core
 * of a small machine, and only the JDK's own class-data archive, so every Meshprobe, LSP4J and Gson
 * class is read from the jar and verified. A jar's manifest cannot carry JVM options, so such a start
 * re-executes itself once: the child JVM gets the serial collector, the client compiler alone, the
 * JVM's messages on standard error, and the user's class-data archive (kept in the same cache folder,
 * made the same way, as {@code bin/meshprobe} keeps it); it inherits standard input, output and error,
 * so the protocol or the report flows between it and the caller directly. This JVM then only waits:
 * it exits with the child's status, a signal that ends it ends the child first (shutdown hook), and
 * the child exits when this process is gone ({@link #exitWithParent}), so that a client that kills
 * the process it started never leaves a server behind.
 *
 * <p>The waiting JVM's own start is all a bare start pays extra (~50 ms to its main, ~30 ms more to the
 * child's start, on the 2-core benchmark machine), so the code it runs before the child starts makes
 * no lambda and no string concatenation with {@code +}: each would bootstrap the JDK's method-handle
 * machinery, which alone took 30-60 ms in this JVM without Meshprobe's class-data archive.
 *
 * <p>A JVM whose command line chose anything but heap sizes, the compiler level, assertions and system
 * properties was set
 * up on purpose (the editor clients and {@code bin/meshprobe} pass the options themselves; a debugger
 * or a profiler attaches to the process it started) and runs the job as started. Those few are passed
 * on to the child, after Meshprobe's own options, so they win. {@code -Dmeshprobe.relaunch=false} or {@code MESHPROBE_RELAUNCH=off} turns this off;
 * {@code MESHPROBE_CDS=off} and {@code MESHPROBE_CACHE_DIR} work as for {@code bin/meshprobe}.
 */
final class Relaunch {
  /**
   * This JVM already runs with the fast options: set on the child, and by {@code bin/meshprobe}, which
   * passes the options itself.
   */
  static final String CHILD = "meshprobe.shortRun";
  /** {@code -Dmeshprobe.relaunch=false} runs the job in the JVM as started. */
  static final String PROPERTY = "meshprobe.relaunch";
  /** {@code MESHPROBE_RELAUNCH=off} does the same from the environment. */
  static final String ENV = "MESHPROBE_RELAUNCH";
  /** The process id of the JVM that started this one: this one exits when it is gone. */
  static final String PARENT = "meshprobe.parent";

  /** What runs in the child; the options differ only in the thread stack a deep YAML tree needs on the command line. */
  enum Job {
    /** {@code check} and {@code fix}: seconds, with a deep recursion over nested YAML. */
    SHORT_RUN(List.of("-Xss4m")),
    /** The language server: the options the editor clients pass. */
    SERVER(List.of());

    final List<String> options;

    Job(List<String> options) {
      this.options = options;
    }
  }

  /** The options the child starts with, before the archive's and the caller's. */
  static final List<String> FAST = List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** Environment variables whose JVM options every JVM started here takes (the child inherits them). */
  private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private Relaunch() {}

  /**
   * Runs {@code args} in a child JVM with the fast options and returns its exit status, or returns null
   * when this JVM should do the work itself (already fast, chosen options, turned off, not run from the
   * jar, or the child could not be started).
   */
  static Integer run(Job job, String[] args) {
    if (Boolean.getBoolean(CHILD) || "false".equals(System.getProperty(PROPERTY))) {
      return null;
    }
    Path jar = ownJar();
    if (jar == null) {
      return null;
    }
    List<String> command = command(job, jvmOptions(), System.getenv(), System.getProperty("java.vm.name", ""), jar, java());
    if (command == null) {
      return null;
    }
    command.addAll(Arrays.asList(args));
    Process child;
    try {
      child = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    // A signal that ends this JVM (a client stopping the server, Ctrl-C, a closed terminal) ends the child
    // first; after a normal end the child is gone already and this does nothing.
    Runtime.getRuntime().addShutdownHook(new Stopper(child));
    while (true) {
      try {
        return child.waitFor();
      } catch (InterruptedException e) {
        // Nothing interrupts this thread on purpose; keep waiting for the child.
      }
    }
  }

  /**
   * The child's command line up to its arguments, or null when this JVM runs the job itself.
   * {@code options} are this JVM's command-line options (null when they cannot be read), {@code env} the
   * environment.
   */
  static List<String> command(Job job, List<String> options, Map<String, String> env, String vmName, Path jar, Path java) {
    if (options == null || isOff(env.get(ENV)) || !(vmName.contains("HotSpot") || vmName.contains("Server VM"))) {
      return null;
    }
    for (String variable : OPTION_VARIABLES) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        for (String o : value.trim().split("\\s+")) {
          if (!passesOn(o)) {
            return null;
          }
        }
      }
    }
    for (String o : options) {
      if (!passesOn(o)) {
        return null;
      }
    }
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(FAST);
    Path archive = archive(env, jar, java);
    if (archive != null) {
      // -Xshare:auto: an archive that does not fit after all is skipped, never fatal. A missing one is not
      // named: on JDK 17 that would cost the JDK's own archive too.
      if (CdsStamp.fits(archive, jar.toString())) {
        command.add("-XX:SharedArchiveFile=".concat(archive.toString()));
        command.add("-Xshare:auto");
      }
      command.add(("-D" + CdsArchive.PROPERTY + "=").concat(archive.toString()));
    }
    command.addAll(job.options);
    for (String o : options) {
      if (!o.startsWith("-Djava.class.path=") && !o.startsWith("-Dsun.java.")) {
        command.add(o);
      }
    }
    command.add("-D" + CHILD + "=true");
    command.add(("-D" + PARENT + "=").concat(Long.toString(pid())));
    command.add("-cp");
    command.add(jar.toString());
    command.add(Main.class.getName());
    return command;
  }

  /**
   * True for the JVM options a child takes over as they are: heap and stack sizes, the compiler level (a
   * workspace of thousands of manifests is read twice as fast with the optimising compiler), assertions,
   * and system properties (but not JMX's, whose port the child could not bind while this JVM holds it, and not a
   * class-data archive a client chose). Anything else means the JVM was set up on purpose.
   */
  static boolean passesOn(String option) {
    if (option.startsWith("-D")) {
      return !option.startsWith("-Dcom.sun.management.") && !option.startsWith("-D" + CdsArchive.PROPERTY + "=")
          && !option.startsWith("-D" + CHILD + "=") && !option.startsWith("-D" + PROPERTY + "=");
    }
    if (PASSED_ON.contains(option)) {
      return true;
    }
    for (String prefix : PASSED_ON_PREFIXES) {
      if (option.startsWith(prefix) && option.length() > prefix.length()) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> PASSED_ON = List.of("-ea", "-da", "-esa", "-dsa", "-enableassertions",
      "-disableassertions", "-enablesystemassertions", "-disablesystemassertions", "-XX:+HeapDumpOnOutOfMemoryError",
      "-XX:+ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError");
  private static final List<String> PASSED_ON_PREFIXES = List.of("-Xmx", "-Xms", "-Xss", "-Xmn", "-XX:TieredStopAtLevel=", "-ea:", "-da:",
      "-enableassertions:", "-disableassertions:", "-XX:MaxRAMPercentage=", "-XX:InitialRAMPercentage=",
      "-XX:MinRAMPercentage=", "-XX:MaxRAM=", "-XX:HeapDumpPath=");

  /**
   * The class-data archive for this jar and Java in the user's cache folder, where {@code bin/meshprobe}
   * keeps its own ({@code MESHPROBE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/meshprobe}, else
   * {@code %LOCALAPPDATA%\meshprobe} on Windows, else {@code ~/.cache/meshprobe}), named by the same key:
   * the POSIX {@code cksum} of the jar's and the Java's paths, one per line. Null when turned off
   * ({@code MESHPROBE_CDS=off}) or when there is no such folder.
   */
  static Path archive(Map<String, String> env, Path jar, Path java) {
    String cds = env.getOrDefault("MESHPROBE_CDS", "on").toLowerCase(Locale.ROOT);
    if (isOff(cds)) {
      return null;
    }
    Path cache = null;
    if (nonBlank(env.get("MESHPROBE_CACHE_DIR"))) {
      cache = Path.of(env.get("MESHPROBE_CACHE_DIR"));
    } else if (nonBlank(env.get("XDG_CACHE_HOME"))) {
      cache = Path.of(env.get("XDG_CACHE_HOME"), "meshprobe");
    } else if (windows() && nonBlank(env.get("LOCALAPPDATA"))) {
      cache = Path.of(env.get("LOCALAPPDATA"), "meshprobe");
    } else if (nonBlank(System.getProperty("user.home")) && !"?".equals(System.getProperty("user.home"))) {
      cache = Path.of(System.getProperty("user.home"), ".cache", "meshprobe");
    }
    if (cache == null) {
      return null;
    }
    String paths = new StringBuilder().append(jar).append('\n').append(java).append('\n').toString();
    long key = cksum(paths.getBytes(StandardCharsets.UTF_8));
    return cache.toAbsolutePath().resolve(new StringBuilder("meshprobe-").append(key).append(".jsa").toString());
  }

  private static boolean isOff(String value) {
    return value != null && List.of("off", "false", "no", "0").contains(value.trim().toLowerCase(Locale.ROOT));
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** The POSIX {@code cksum} of {@code data}: CRC-32 with polynomial 0x04C11DB7, over the data and then its length. */
  static long cksum(byte[] data) {
    int crc = 0;
    for (byte b : data) {
      crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff];
    }
    for (long n = data.length; n != 0; n >>>= 8) {
      crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ (int) n) & 0xff];
    }
    return ~crc & 0xffffffffL;
  }

  private static final int[] CRC_TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
      }
      CRC_TABLE[i] = c;
    }
  }

  /**
   * This JVM's options as its command line gave them (from {@code /proc/self/cmdline} on Linux, else the
   * process's arguments), without the environment's; null when they cannot be read.
   */
  static List<String> jvmOptions() {
    List<String> argv = null;
    File proc = new File("/proc/self/cmdline");
    if (proc.isFile()) {
      try (InputStream in = new FileInputStream(proc)) {
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        argv = Arrays.asList(all.split("\0"));
      } catch (IOException e) {
        argv = null;
      }
    }
    if (argv == null || argv.isEmpty()) {
      String[] given = ProcessHandle.current().info().arguments().orElse(null);
      if (given != null) {
        argv = new ArrayList<>(List.of("java"));
        argv.addAll(Arrays.asList(given));
      }
    }
    return argv == null ? null : optionsOf(argv);
  }

  /**
   * The JVM options of a {@code java} command line ({@code argv[0]} is the program): everything before
   * {@code -jar}, the class path and the main class. Null for a command line this cannot read (a module).
   */
  static List<String> optionsOf(List<String> argv) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-jar") || !a.startsWith("-")) {
        return out;
      }
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
        i++;
        continue;
      }
      if (a.startsWith("--class-path=")) {
        continue;
      }
      if (a.equals("-m") || a.equals("--module") || a.startsWith("--module=")) {
        return null;
      }
      out.add(a);
    }
    return out;
  }

  /**
   * In a child started here: exits when the JVM that started it is gone (killed without the chance to
   * stop the child first), so that no server outlives the client that started it. Its parent dying makes
   * this process a child of another one; the check runs every half second on a daemon thread.
   */
  static void exitWithParent() {
    String given = System.getProperty(PARENT);
    if (given == null) {
      return;
    }
    long parent;
    try {
      parent = Long.parseLong(given);
    } catch (NumberFormatException e) {
      return;
    }
    Thread watch = new ParentWatch(parent);
    watch.setDaemon(true);
    watch.setPriority(Thread.MIN_PRIORITY);
    watch.start();
  }

  /** In the child: halts the JVM once its parent is gone (this process was given to another parent). */
  private static final class ParentWatch extends Thread {
    private final long parent;

    ParentWatch(long parent) {
      super("meshprobe-parent-watch");
      this.parent = parent;
    }

    @Override
    public void run() {
      while (isParent(parent)) {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
      System.err.println(new StringBuilder("meshprobe: the process that started this one (").append(parent).append(") has ended; exiting"));
      Runtime.getRuntime().halt(1);
    }

    private static boolean isParent(long pid) {
      ProcessHandle p = ProcessHandle.current().parent().orElse(null);
      return p != null && p.pid() == pid && p.isAlive();
    }
  }

  /** In the waiting JVM, as it ends: stops the child (SIGTERM, then SIGKILL after 5 s) unless it ended already. */
  private static final class Stopper extends Thread {
    private final Process child;

    Stopper(Process child) {
      super("meshprobe-relaunch-stop");
      this.child = child;
    }

    @Override
    public void run() {
      if (!child.isAlive()) {
        return;
      }
      child.destroy();
      try {
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
      }
    }
  }

  /** The jar this class was loaded from, or null when it was not loaded from a jar (tests, the build). */
  static Path ownJar() {
    try {
      var source = Relaunch.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path p = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toRealPath() : null;
    } catch (URISyntaxException | IOException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * This process's id: on Linux the name {@code /proc/self} links to, which spares the waiting JVM the
   * start-up of {@link ProcessHandle} (its reaper's lambdas, ~15 ms); elsewhere {@link ProcessHandle}.
   */
  static long pid() {
    File self = new File("/proc/self");
    if (self.exists()) {
      try {
        return Long.parseLong(self.getCanonicalFile().getName());
      } catch (IOException | NumberFormatException e) {
        // Not a Linux /proc: ask the JDK.
      }
    }
    return ProcessHandle.current().pid();
  }

  /** This JVM's {@code java} program. */
  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", windows() ? "java.exe" : "java");
  }

  private static boolean windows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
