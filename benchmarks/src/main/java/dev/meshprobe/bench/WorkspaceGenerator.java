package dev.meshprobe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a workspace of many manifests into a folder, deterministically from a seed: one folder per
 * team (its own namespace), files of varying size (mostly small ones of one to a few documents, some
 * of tens of kilobytes, and about one in a hundred a large multi-document file of one to four
 * megabytes), plus a {@code cluster/} folder with the Namespaces and PeerAuthentications. The default
 * is 10,000 files and about 200 MB.
 *
 * <p>A marker file ({@value #MARKER}) records the parameters; generating again with the same
 * parameters into the same folder does nothing, so scripts can call it every time.
 */
public final class WorkspaceGenerator {
  public static final int DEFAULT_FILES = 10_000;
  public static final long DEFAULT_BYTES = 200L * 1024 * 1024;
  public static final String MARKER = "GENERATED-BY-MESHPROBE-BENCHMARKS.txt";
  private static final int TEAMS = 100;
  /** Bytes per line of generated manifests, measured on the default file (used to size files). */
  private static final double BYTES_PER_LINE = 21.4;

  private WorkspaceGenerator() {}

  /** What was written: files and bytes. */
  public record Summary(int files, long bytes, boolean reused) {}

  public static Summary generate(Path dir, long seed, int files, long totalBytes) throws IOException {
    String params = "seed=" + seed + " files=" + files + " bytes=" + totalBytes + " generator=2\n";
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker) && Files.readString(marker).startsWith(params)) {
      String[] parts = Files.readString(marker).split("\n");
      return new Summary(files, Long.parseLong(parts[1].replace("written=", "").trim()), true);
    }
    if (Files.exists(dir)) {
      deleteTree(dir);
    }
    Files.createDirectories(dir);

    Random random = new Random(seed);
    int appFiles = files - 2;
    // Relative sizes: 90% small, 9% medium, 1% large; scaled to the total below.
    double[] weight = new double[appFiles];
    double sum = 0;
    for (int i = 0; i < appFiles; i++) {
      int c = random.nextInt(100);
      weight[i] = c == 0 ? 1_000_000 + random.nextInt(3_000_000)
          : c < 10 ? 30_000 + random.nextInt(120_000)
          : 1_000 + random.nextInt(9_000);
      sum += weight[i];
    }
    List<String> namespaces = new ArrayList<>();
    for (int t = 0; t < TEAMS; t++) {
      namespaces.add(String.format("team-%02d", t));
    }
    Files.createDirectories(dir.resolve("cluster"));
    String cluster = ManifestGenerator.generateCluster(seed, namespaces);
    long written = write(dir.resolve("cluster/namespaces-and-mtls.yaml"), cluster);
    written += write(dir.resolve("cluster/README-mesh.yaml"),
        "# The mesh of this generated workspace: see namespaces-and-mtls.yaml.\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mesh-notes\n  namespace: istio-system\ndata:\n  note: generated\n");
    long[] seeds = new long[appFiles];
    for (int i = 0; i < appFiles; i++) {
      seeds[i] = random.nextLong();
    }
    for (int t = 0; t < TEAMS; t++) {
      Files.createDirectories(dir.resolve(namespaces.get(t)));
    }
    // Sequential, each file sized from what is left to write, so the total lands on the target.
    double weightLeft = sum;
    for (int i = 0; i < appFiles; i++) {
      long target = Math.max(300, Math.round((totalBytes - written) * weight[i] / weightLeft));
      weightLeft -= weight[i];
      int lines = (int) Math.max(10, target / BYTES_PER_LINE);
      int docs = Math.max(1, lines / 33);
      String ns = namespaces.get(i % TEAMS);
      String text = ManifestGenerator.generateApps(seeds[i], docs, lines, ns);
      written += write(dir.resolve(String.format("%s/app-%05d%s.yaml", ns, i, target > 1_000_000 ? "-bundle" : "")), text);
    }
    Files.writeString(marker, params + "written=" + written + "\n");
    return new Summary(files, written, false);
  }

  private static long write(Path p, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Files.write(p, bytes);
    return bytes.length;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
