package dev.meshprobe.cli;

import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What identifies a finding from one run to the next, for baselines, GitLab and SARIF: the rule, the
 * file (as reported, relative to the working directory, with {@code /}), the resource (apiVersion
 * group, kind, namespace, name: not the API version, so {@code v1beta1} → {@code v1} keeps it), the
 * container and probe, and the YAML key path of the node the finding is anchored on, with sequence
 * items named by their {@code name} (so {@code containers[web]}, not {@code containers[0]}). Never a
 * line or column: an edit elsewhere in the file keeps every fingerprint. A finding that no YAML node
 * anchors (a syntax error, a suppression comment) is located by the text of its line, trimmed; one
 * about a whole file that was not read, by the file alone.
 *
 * @param path the key path, or null when {@code line} locates the finding
 * @param line the trimmed text of the finding's line, or null
 * @param hash the fingerprint proper: 32 hex digits of a SHA-256 over every other component
 */
record Fingerprint(String rule, String file, String resource, String container, String probe, String path, String line, String hash) {
  /** Bumped when the components change meaning, so that old baselines are read as foreign. */
  static final String SCHEME = "meshprobe-fingerprint-1";

  static Fingerprint of(Finding f, String file, YamlFile yaml, SourceText source) {
    String unixFile = file.replace('\\', '/');
    Finding.Subject s = f.subject();
    String group = null;
    String resource = null;
    if (s.kind() != null) {
      group = s.apiVersion() == null || s.apiVersion().indexOf('/') < 0 ? "" : s.apiVersion().substring(0, s.apiVersion().indexOf('/'));
      resource = s.kind() + (group.isEmpty() ? "" : "." + group) + " " + (s.namespace() == null ? "" : s.namespace() + "/")
          + (s.name() == null ? "" : s.name());
    }
    List<String> segments = null;
    String line = null;
    if (yaml == null || yaml.notAnalysed() == null) {
      segments = yaml == null ? null : keyPath(yaml, f.where().start());
      if (segments == null) {
        line = lineText(source, f.where().start());
      }
    }
    List<String> parts = new ArrayList<>(List.of(SCHEME, f.rule(), unixFile, nz(group), nz(s.kind()), nz(s.namespace()), nz(s.name()),
        nz(s.container()), nz(s.probe())));
    if (segments != null) {
      parts.add("path");
      parts.addAll(segments);
    } else if (line != null) {
      parts.add("line");
      parts.add(line);
    }
    return new Fingerprint(f.rule(), unixFile, resource, s.container(), s.probe(), segments == null ? null : display(segments), line, hash(parts));
  }

  /**
   * The keys from the document's root to the node that starts at {@code offset} (a key or a value), or
   * null when no node of the file starts there.
   */
  static List<String> keyPath(YamlFile yaml, int offset) {
    for (YamlDocument d : yaml.documents()) {
      if (offset >= d.start() && offset <= d.end()) {
        List<String> path = new ArrayList<>();
        return d.root() != null && walk(d.root(), offset - d.start(), path) ? path : null;
      }
    }
    return null;
  }

  private static boolean walk(YNode node, int offset, List<String> path) {
    if (node instanceof YMapping m) {
      for (YEntry e : m.entries()) {
        String key = e.keyText() == null ? "?" : e.keyText();
        if (e.key().start() == offset) {
          path.add(key);
          return true;
        }
        if (e.value() != null && holds(e.value(), offset)) {
          path.add(key);
          return walk(e.value(), offset, path);
        }
      }
    } else if (node instanceof YSequence s) {
      for (int i = 0; i < s.items().size(); i++) {
        YNode item = s.items().get(i);
        if (holds(item, offset)) {
          path.add("[" + label(item, i) + "]");
          return walk(item, offset, path);
        }
      }
    }
    return node.start() == offset;
  }

  private static boolean holds(YNode n, int offset) {
    return n.start() <= offset && (offset < n.end() || offset == n.start());
  }

  /**
   * A sequence item by its name where it has one (containers, ports, env; the objects of a
   * {@code List} by kind and {@code metadata.name}), else by its index.
   */
  private static String label(YNode item, int index) {
    YMapping m = item.asMapping();
    if (m != null) {
      String name = m.string("name");
      if (name != null) {
        return name;
      }
      YMapping meta = m.mapping("metadata");
      String metaName = meta == null ? null : meta.string("name");
      if (metaName != null) {
        return nz(m.string("kind")) + "/" + metaName;
      }
    }
    return Integer.toString(index);
  }

  private static String lineText(SourceText source, int offset) {
    if (source == null || source.text() == null) {
      return null;
    }
    String text = source.text();
    int at = Math.max(0, Math.min(offset, text.length()));
    int line = source.lines().lineOf(at);
    int start = source.lines().lineStart(line);
    int end = source.lines().lineEnd(text, line);
    return text.substring(start, Math.max(start, end)).strip();
  }

  /** {@code spec.template.metadata.annotations["sidecar.istio.io/inject"]}: keys that hold dots or slashes quoted. */
  private static String display(List<String> segments) {
    StringBuilder b = new StringBuilder();
    for (String s : segments) {
      if (s.startsWith("[")) {
        b.append(s);
      } else if (s.matches("[A-Za-z0-9_-]+")) {
        b.append(b.length() == 0 ? "" : ".").append(s);
      } else {
        b.append("[\"").append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
      }
    }
    return b.toString();
  }

  private static String hash(List<String> parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so that no two lists of components give the same bytes.
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
