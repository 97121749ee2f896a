package dev.meshprobe;

import dev.meshprobe.cli.CheckCommand;
import dev.meshprobe.cli.ExplainCommand;
import dev.meshprobe.cli.FixCommand;
import dev.meshprobe.cli.RulesCommand;
import dev.meshprobe.lsp.ServerLauncher;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point: {@code check}, {@code fix}, {@code rules} and {@code explain} run the command line; no
 * arguments, {@code --stdio} or {@code --socket=PORT} start the language server.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    // A JVM that a bare `java -jar` started again with the fast options ends with the one that started it.
    Relaunch.exitWithParent();
    if (args.length > 0 && (args[0].equals("check") || args[0].equals("fix"))) {
      Integer relaunched = Relaunch.run(Relaunch.Job.SHORT_RUN, args);
      if (relaunched != null) {
        return relaunched;
      }
      Path cwd = Path.of("").toAbsolutePath();
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      int status = args[0].equals("check")
          ? new CheckCommand(System.out, System.err, cwd).run(rest)
          : new FixCommand(System.out, System.err, cwd).run(rest);
      // Started by bin/meshprobe with an archive path: have the archive made for the next run.
      CdsArchive.refreshDetached();
      return status;
    }
    if (args.length > 0 && args[0].equals("rules")) {
      return new RulesCommand(System.out, System.err, Path.of("").toAbsolutePath()).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals("explain")) {
      return new ExplainCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version"))) {
      System.out.println("meshprobe " + Version.current());
      return 0;
    }
    if (args.length > 0 && args[0].equals("cds-archive")) {
      return cdsArchive(args);
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
      System.out.println("""
          Meshprobe finds Kubernetes probes that Istio mutual TLS will break.

            meshprobe check [options] PATH...   lint manifests (meshprobe check --help)
            meshprobe fix [options] PATH...     print or --write the preferred fixes (meshprobe fix --help)
            meshprobe rules [--config FILE]     list the rules and their severities
            meshprobe explain RULE              print a rule's documentation page
            meshprobe --version                 print the version
            meshprobe [--stdio]                 start the language server on stdin/stdout
            meshprobe --socket=PORT             connect the language server to a client on localhost:PORT
            meshprobe cds-archive [FILE]        dump the class-data archive for this JVM and jar to FILE
                                                (then start with -XX:SharedArchiveFile=FILE -Xshare:auto);
                                                without FILE, the one `java -jar meshprobe.jar` maps
          """);
      return 0;
    }
    if (args.length == 0 || args[0].equals("--stdio") || args[0].startsWith("--socket=")) {
      Integer relaunched = Relaunch.run(Relaunch.Job.SERVER, args);
      if (relaunched != null) {
        return relaunched;
      }
    }
    if (args.length == 0 || args[0].equals("--stdio")) {
      return ServerLauncher.stdio();
    }
    if (args[0].startsWith("--socket=")) {
      try {
        return ServerLauncher.socket(Integer.parseInt(args[0].substring("--socket=".length())));
      } catch (NumberFormatException e) {
        System.err.println("meshprobe: --socket needs a port number");
        return 2;
      }
    }
    System.err.println("meshprobe: unknown command `" + args[0] + "`; try meshprobe --help");
    return 2;
  }

  /**
   * {@code cds-archive [FILE]}: {@link CdsArchive#create} now, in the foreground; without FILE, the
   * archive that a bare {@code java -jar} start maps ({@link Relaunch#archive}).
   */
  private static int cdsArchive(String[] args) {
    Path jar = Relaunch.ownJar();
    Path target = args.length == 2 ? Path.of(args[1])
        : args.length == 1 && jar != null ? Relaunch.archive(System.getenv(), jar, Relaunch.java()) : null;
    if (args.length > 2 || target == null) {
      System.err.println(args.length == 1 && jar != null
          ? "meshprobe: no cache folder for the class-data archive (MESHPROBE_CDS is off, or no home folder): name the FILE"
          : "usage: meshprobe cds-archive FILE");
      return 2;
    }
    try {
      CdsArchive.create(target, System.err);
      return 0;
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("meshprobe: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
