package dev.meshprobe.bench;

import dev.meshprobe.engine.Explainer;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The language server's index of a folder, in process, for iterating on it (the figures that count are
 * through the server, {@code bench-scale.sh --index-only}): a {@link Workspace} that compacts closed
 * files indexes the folder; the time, the process CPU and, after a full GC, the heap in use are printed.
 * With {@code --questions} (on the generated workspace) it then lints {@code cluster/namespaces-and-mtls.yaml}
 * opened, hovers its first PeerAuthentication and walks every workload, three times each.
 *
 * <pre>java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.IndexInProcess build/bench/workspace-10k [--questions]</pre>
 */
public final class IndexInProcess {
  private IndexInProcess() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    boolean questions = args.length > 1 && args[1].equals("--questions");
    long t0 = System.nanoTime();
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.compactClosedFiles(true);
    int n = ws.indexFolders();
    long t1 = System.nanoTime();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(Locale.ROOT, "indexed %d files in %.0f ms; process CPU %.1f s%n", n, (t1 - t0) / 1e6, os.getProcessCpuTime() / 1e9);
    if (questions) {
      Path mesh = root.resolve("cluster/namespaces-and-mtls.yaml");
      String text = Files.readString(mesh);
      ws.openFile(mesh, text);
      for (int round = 0; round < 3; round++) {
        long a = System.nanoTime();
        int findings = ws.lint(mesh).size();
        long b = System.nanoTime();
        var hover = new Explainer(ws).hover(mesh, text.indexOf("kind: PeerAuthentication") + "kind: ".length());
        long c = System.nanoTime();
        int workloads = 0;
        for (var w : ws.meshIndex().workloads()) {
          workloads += w.pod().containers().isEmpty() ? 0 : 1;
        }
        long d = System.nanoTime();
        System.out.printf(Locale.ROOT, "lint %.0f ms (%d findings); PeerAuthentication hover %.0f ms (%d chars); every workload %.0f ms (%d)%n",
            (b - a) / 1e6, findings, (c - b) / 1e6, hover == null ? 0 : hover.markdown().length(), (d - c) / 1e6, workloads);
      }
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "heap in use after System.gc(): %d MB%n", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    // The workspace must still be reachable when the heap is measured.
    Reference.reachabilityFence(ws);
  }
}
