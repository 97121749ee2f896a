package dev.meshprobe.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Short names for the files of several definitions of one object: the fewest trailing path parts that
 * tell them apart ({@code strict.yaml} and {@code permissive.yaml}; {@code prod/namespace.yaml} and
 * {@code dev/namespace.yaml}), so that a message can say which definition it means.
 */
public final class PathLabels {
  private PathLabels() {}

  /** One label per definition, in order (definitions in one file share its label). */
  public static List<String> of(List<Resource> definitions) {
    List<String> files = new ArrayList<>(definitions.size());
    definitions.forEach(r -> files.add(r.file()));
    return distinguishing(files);
  }

  /** The shortest trailing parts of each path that tell the different paths apart, in order. */
  public static List<String> distinguishing(List<String> paths) {
    List<String[]> parts = new ArrayList<>(paths.size());
    int longest = 1;
    for (String p : paths) {
      String[] split = p.replace('\\', '/').split("/");
      parts.add(split);
      longest = Math.max(longest, split.length);
    }
    for (int n = 1; n <= longest; n++) {
      List<String> labels = new ArrayList<>(paths.size());
      Set<String> distinctPaths = new HashSet<>(paths);
      Set<String> distinctLabels = new HashSet<>();
      for (String[] split : parts) {
        String label = tail(split, n);
        labels.add(label);
        distinctLabels.add(label);
      }
      if (distinctLabels.size() == distinctPaths.size() || n == longest) {
        return labels;
      }
    }
    return paths;
  }

  private static String tail(String[] split, int n) {
    int from = Math.max(0, split.length - n);
    StringBuilder b = new StringBuilder();
    for (int i = from; i < split.length; i++) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(split[i]);
    }
    return b.toString();
  }
}
