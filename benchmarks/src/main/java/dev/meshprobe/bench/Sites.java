package dev.meshprobe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places in a manifest where the benchmarks edit and hover, found in the text alone so that they work
 * on any file (generated or from the corpus): digits of probe ports (an edit there changes the
 * probe's findings, as a user fixing a probe would), digits of other numbers (container and Service
 * ports, replicas, periods), and probe keys (where hovers explain verdicts).
 */
public final class Sites {
  private Sites() {}

  /** A place: UTF-16 offset and LSP line/character. */
  public record Site(int offset, int line, int character) {}

  private static final Pattern HANDLER = Pattern.compile("^(\\s*)(httpGet|tcpSocket|grpc):\\s*$");
  private static final Pattern PORT_NUMBER = Pattern.compile("^(\\s*)port: (\\d+)\\s*$");
  private static final Pattern OTHER_NUMBER = Pattern.compile(
      "^\\s*(- )?(containerPort|port|targetPort|replicas|periodSeconds|initialDelaySeconds|timeoutSeconds|failureThreshold): (\\d+)\\s*$");
  private static final Pattern PROBE_KEY = Pattern.compile("^(\\s*)(livenessProbe|readinessProbe|startupProbe):");

  /** The last digit of every numeric {@code port:} of an httpGet, tcpSocket or grpc probe handler. */
  public static List<Site> probePortDigits(String text) {
    List<Site> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int offset = 0;
    int handlerIndent = -1;
    int handlerLine = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher h = HANDLER.matcher(line);
      if (h.matches()) {
        handlerIndent = h.group(1).length();
        handlerLine = i;
      } else {
        Matcher p = PORT_NUMBER.matcher(line);
        if (p.matches() && handlerLine >= 0 && i - handlerLine <= 6 && p.group(1).length() > handlerIndent) {
          int col = p.end(2) - 1;
          out.add(new Site(offset + col, i, col));
        }
      }
      offset += line.length() + 1;
    }
    return out;
  }

  /** The last digit of other numbers: container and Service ports, replicas, probe timings. */
  public static List<Site> otherNumberDigits(String text) {
    List<Site> probePorts = probePortDigits(text);
    java.util.Set<Integer> skip = new java.util.HashSet<>();
    for (Site s : probePorts) {
      skip.add(s.line());
    }
    List<Site> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int offset = 0;
    for (int i = 0; i < lines.length; i++) {
      Matcher m = OTHER_NUMBER.matcher(lines[i]);
      if (m.matches() && !skip.contains(i)) {
        int col = m.end(3) - 1;
        out.add(new Site(offset + col, i, col));
      }
      offset += lines[i].length() + 1;
    }
    return out;
  }

  /** Probe keys ({@code livenessProbe} and the others), at their second character. */
  public static List<Site> probeKeys(String text) {
    List<Site> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int offset = 0;
    for (int i = 0; i < lines.length; i++) {
      Matcher m = PROBE_KEY.matcher(lines[i]);
      if (m.find()) {
        int col = m.start(2) + 1;
        out.add(new Site(offset + col, i, col));
      }
      offset += lines[i].length() + 1;
    }
    return out;
  }

  /**
   * {@code n} edit sites spread over the file: four in five on probe ports, the rest on other numbers
   * (falling back on whichever list has sites), in file order within each list, interleaved.
   */
  public static List<Site> editPlan(String text, int n) {
    List<Site> probes = spread(probePortDigits(text), n - n / 5);
    List<Site> other = spread(otherNumberDigits(text), n - probes.size());
    if (other.size() < n - probes.size()) {
      probes = spread(probePortDigits(text), n - other.size());
    }
    List<Site> out = new ArrayList<>(n);
    int pi = 0;
    int oi = 0;
    for (int i = 0; i < n && (pi < probes.size() || oi < other.size()); i++) {
      boolean takeOther = oi < other.size() && (pi >= probes.size() || i % 5 == 4);
      out.add(takeOther ? other.get(oi++) : probes.get(pi++));
    }
    return out;
  }

  private static final Pattern REWRITE_FALSE = Pattern.compile("sidecar\\.istio\\.io/rewriteAppHTTPProbers: \"false\"");

  /**
   * The last letter of every {@code sidecar.istio.io/rewriteAppHTTPProbers: "false"} value of a pod
   * template (indented more than a workload's own annotations, which Istio ignores). Replacing it
   * ({@code "falsx"}) makes the annotation invalid, so Istio's default (rewriting on) applies to that
   * pod: the document gains an {@code istio-annotation-invalid} finding and its probes' verdicts change;
   * putting the letter back restores them. Each keystroke changes one document's diagnostics.
   */
  public static List<Site> rewriteFalseLetters(String text) {
    List<Site> out = new ArrayList<>();
    Matcher m = REWRITE_FALSE.matcher(text);
    while (m.find()) {
      int offset = m.end() - 2;
      int lineStart = text.lastIndexOf('\n', offset) + 1;
      if (m.start() - lineStart <= 4) {
        continue;
      }
      int line = 0;
      for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
      }
      out.add(new Site(offset, line, offset - lineStart));
    }
    return out;
  }

  /** {@code n} items evenly spaced over {@code all}, cycling when it has fewer. */
  public static <T> List<T> spread(List<T> all, int n) {
    List<T> out = new ArrayList<>(n);
    if (all.isEmpty()) {
      return out;
    }
    for (int i = 0; i < n; i++) {
      if (all.size() >= n) {
        out.add(all.get((int) ((long) i * all.size() / n + all.size() / (2L * n))));
      } else {
        out.add(all.get(i % all.size()));
      }
    }
    return out;
  }

  /** The text with the digit at {@code offset} replaced by the next digit. */
  public static String bumpDigit(String text, int offset) {
    return text.substring(0, offset) + nextDigit(text.charAt(offset)) + text.substring(offset + 1);
  }

  public static char nextDigit(char c) {
    return c >= '0' && c <= '8' ? (char) (c + 1) : '0';
  }
}
