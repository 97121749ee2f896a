package dev.meshprobe.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hotspots of a JFR recording, from its {@code jdk.ExecutionSample} events: the methods most often on
 * top of the stack (self), and the Meshprobe methods most often anywhere on it (total), per thread name
 * filter. The same data as {@code jfr print --events jdk.ExecutionSample}, counted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.meshprobe.bench.JfrTop RECORDING.jfr [TOP] [THREAD-SUBSTRING]
 * </pre>
 */
public final class JfrTop {
  private JfrTop() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String thread = args.length > 2 ? args[2] : null;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      String t = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      t = t == null ? "?" : t;
      threads.merge(t.replaceAll("\\d+", "N"), 1, Integer::sum);
      if (thread != null && !t.contains(thread)) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = st.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if ((n.startsWith("dev.meshprobe.") || n.startsWith("org.snakeyaml.") || n.startsWith("org.eclipse.lsp4j.") || n.startsWith("com.google.gson."))
            && seen.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d execution samples%s; by thread: %s%n", samples, thread == null ? "" : " on threads matching '" + thread + "'", sorted(threads, 8));
    System.out.println("\nself (top of stack):");
    print(self, samples, top);
    System.out.println("\ntotal (on the stack; Meshprobe, snakeyaml-engine, LSP4J, Gson frames):");
    print(total, samples, top);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static Map<String, Integer> sorted(Map<String, Integer> m, int n) {
    Map<String, Integer> out = new LinkedHashMap<>();
    m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static void print(Map<String, Integer> m, int samples, int n) {
    sorted(m, n).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %5d  %s%n", 100.0 * v / Math.max(1, samples), v, k));
  }
}
