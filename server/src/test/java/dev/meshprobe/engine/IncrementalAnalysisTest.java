package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.TextChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An edit re-parses only the documents it touched and reuses the rest with their cached findings; the
 * result must be exactly what a fresh analysis of the same text gives, whatever the edit sequence.
 */
class IncrementalAnalysisTest {
  private static final String NAMESPACE = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          istio-injection: enabled
      """;
  private static final String POLICY = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: shop
      spec:
        mtls:
          mode: STRICT
      """;

  /** A second namespace whose workloads must keep their findings when only the first one's Services change. */
  private static final String PAY = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: pay
        labels:
          istio-injection: enabled
      ---
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: ports
        namespace: pay
      spec:
        selector:
          matchLabels: {app: app-1}
        mtls:
          mode: STRICT
        portLevelMtls:
          8001:
            mode: PERMISSIVE
      """;

  private static String namespaceOf(int i) {
    return i % 3 == 1 ? "pay" : "shop";
  }

  private static String service(int i) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: app-%d
          namespace: %s
        spec:
          selector: {app: app-%d}
          ports:
            - port: 80
              targetPort: 80%02d
        """.formatted(i, namespaceOf(i), i, i);
  }

  private static String deployment(int i) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-%d
          namespace: NAMESPACE
        spec:
          template:
            metadata:
              labels: {app: app-%d}
              annotations:
                sidecar.istio.io/rewriteAppHTTPProbers: "%s"
            spec:
              containers:
                - name: c%d
                  ports: [{name: http, containerPort: 80%02d}]
                  livenessProbe:
                    httpGet: {path: /healthz, port: http}
                  readinessProbe:
                    tcpSocket:
                      port: 80%02d
        """.formatted(i, i, i % 2 == 0 ? "false" : "true", i, i, i).replace("NAMESPACE", namespaceOf(i));
  }

  private static final String[] INSERTS = {"x", "\n", "---\n", "😀", " ", ":", "- ", "{", "}", "STRICT", "PERMISSIVE", "\"", "#", "port: 1", "1", "0", "app-1", "pay"};

  @Test
  void randomEditSequencesGiveTheSameFindingsAsAFreshAnalysis() {
    Random random = new Random(20261124);
    Path root = Path.of("/meshprobe-incremental").toAbsolutePath();
    Path file = root.resolve("all.yaml");
    for (int run = 0; run < 12; run++) {
      StringBuilder text = new StringBuilder(NAMESPACE).append("---\n").append(POLICY).append("---\n").append(PAY);
      for (int i = 0; i < 12; i++) {
        text.append("---\n").append(deployment(i));
        if (i % 2 == 1) {
          text.append("---\n").append(service(i));
        }
      }
      // Up to Istio 1.6, whether a Service targets the probe port decides the verdict (the management
      // listener), so Service edits must re-lint the workloads of their namespace.
      Map<String, Object> settings = run % 3 == 1 ? Map.of("istio", Map.of("version", "1.5")) : Map.of();
      Workspace incremental = new Workspace(List.of(root), Log.SILENT);
      incremental.setEditorSettings(settings);
      incremental.openFile(file, text.toString());
      incremental.lint(file);
      for (int step = 0; step < 40; step++) {
        int at = random.nextInt(text.length() + 1);
        TextChange change;
        if (random.nextInt(3) == 0 && at < text.length()) {
          int end = Math.min(text.length(), at + 1 + random.nextInt(6));
          if (Character.isLowSurrogate(text.charAt(at)) || (end < text.length() && Character.isLowSurrogate(text.charAt(end)))) {
            continue;
          }
          text.delete(at, end);
          change = TextChange.replace(at, end, 0);
        } else {
          if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            continue;
          }
          String inserted = INSERTS[random.nextInt(INSERTS.length)];
          text.insert(at, inserted);
          change = TextChange.replace(at, at, inserted.length());
        }
        // Half the runs say where the text changed, as the language server does; half leave the engine to find out.
        incremental.openFile(file, text.toString(), run % 2 == 0 ? change : null);
        Workspace fresh = new Workspace(List.of(root), Log.SILENT);
        fresh.setEditorSettings(settings);
        fresh.openFile(file, text.toString());
        assertEquals(describe(fresh.lint(file)), describe(incremental.lint(file)), "run " + run + " step " + step + ":\n" + text);
      }
    }
  }

  @Test
  void editingAServiceReLintsTheWorkloadsOfItsNamespace() {
    Path root = Path.of("/meshprobe-incremental").toAbsolutePath();
    Path file = root.resolve("all.yaml");
    String before = NAMESPACE + "---\n" + POLICY + "---\n" + PAY + "---\n" + deployment(0) + "---\n" + service(0)
        + "---\n" + deployment(1) + "---\n" + service(1);
    Map<String, Object> settings = Map.of("istio", Map.of("version", "1.5"));
    Workspace incremental = new Workspace(List.of(root), Log.SILENT);
    incremental.setEditorSettings(settings);
    incremental.openFile(file, before);
    List<String> targeted = describe(incremental.lint(file));
    // The Service of app-0 no longer targets its probe port: on 1.5 the probe then reaches the management listener.
    int at = before.lastIndexOf("targetPort: 8000") + "targetPort: 80".length();
    String after = before.substring(0, at) + "99" + before.substring(at + 2);
    incremental.openFile(file, after, TextChange.replace(at, at + 2, 2));
    Workspace fresh = new Workspace(List.of(root), Log.SILENT);
    fresh.setEditorSettings(settings);
    fresh.openFile(file, after);
    List<String> expected = describe(fresh.lint(file));
    assertEquals(expected, describe(incremental.lint(file)));
    assertNotEquals(targeted, expected, "the Service edit changes what is reported");
  }

  @Test
  void anEnterThatOnlyMovesMeshFactsKeepsTheVerdictsOfProbesThatDoNotCiteThem() {
    Path root = Path.of("/meshprobe-incremental").toAbsolutePath();
    Path file = root.resolve("all.yaml");
    String text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n---\n" + NAMESPACE + "---\n" + POLICY
        + "---\n" + deployment(0) + "---\n" + deployment(3);
    Workspace incremental = new Workspace(List.of(root), Log.SILENT);
    incremental.openFile(file, text);
    List<Finding> before = incremental.lint(file);
    assertFalse(before.isEmpty());

    // Enter at the top of the file: the first document, a Namespace nothing cites, is parsed again and
    // is the same Namespace. Every probe keeps the finding it had, moved one line down.
    String entered = "\n" + text;
    incremental.openFile(file, entered, TextChange.replace(0, 0, 1));
    List<Finding> after = incremental.lint(file);
    assertEquals(describe(fresh(root, file, entered)), describe(after));
    assertEquals(before.size(), after.size());
    for (int i = 0; i < before.size(); i++) {
      assertTrue(before.get(i) == after.get(i), "kept, not decided again: " + after.get(i).message());
    }

    // Enter inside the policy every finding cites: its facts are the same, at new places.
    int at = entered.indexOf("spec:\n  mtls:");
    String moved = entered.substring(0, at) + "\n" + entered.substring(at);
    incremental.openFile(file, moved, TextChange.replace(at, at, 1));
    assertEquals(describe(fresh(root, file, moved)), describe(incremental.lint(file)));
  }

  private static List<Finding> fresh(Path root, Path file, String text) {
    Workspace fresh = new Workspace(List.of(root), Log.SILENT);
    fresh.openFile(file, text);
    return fresh.lint(file);
  }

  /** A namespace-less Deployment whose liveness probe is not rewritten. */
  private static final String NAMESPACE_LESS_WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            annotations: {sidecar.istio.io/rewriteAppHTTPProbers: "false"}
          spec:
            containers:
              - name: web
                livenessProbe: {httpGet: {path: /healthz, port: 8080}}
      """;
  private static final String NAMESPACE_LESS_POLICY = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
      spec:
        mtls: {mode: MODE}
      """;

  /**
   * A namespace-less policy decides for the namespace-less workloads of its folder and below only: its
   * edits, its move to another folder and a namespace given to the workload re-lint what they must, as a
   * fresh analysis of the same files shows.
   */
  @Test
  void namespaceLessPolicyEditsReLintTheWorkloadsOfItsFolderOnly() {
    Path root = Path.of("/meshprobe-incremental-folders").toAbsolutePath();
    Path webA = root.resolve("a/web.yaml");
    Path webB = root.resolve("b/web.yaml");
    Path policyA = root.resolve("a/policy.yaml");
    Path policyB = root.resolve("b/policy.yaml");
    Workspace incremental = new Workspace(List.of(root), Log.SILENT);
    incremental.openFile(webA, NAMESPACE_LESS_WEB);
    incremental.openFile(webB, NAMESPACE_LESS_WEB);
    incremental.lint(webA);
    incremental.lint(webB);
    Map<Path, String> files = new java.util.LinkedHashMap<>();
    files.put(webA, NAMESPACE_LESS_WEB);
    files.put(webB, NAMESPACE_LESS_WEB);
    List<Runnable> steps = List.of(
        () -> files.put(policyA, NAMESPACE_LESS_POLICY.replace("MODE", "STRICT")),
        () -> files.put(policyA, NAMESPACE_LESS_POLICY.replace("MODE", "PERMISSIVE")),
        () -> files.put(policyA, NAMESPACE_LESS_POLICY.replace("MODE", "STRICT")),
        () -> {
          files.remove(policyA);
          files.put(policyB, NAMESPACE_LESS_POLICY.replace("MODE", "STRICT"));
        },
        () -> files.put(webB, NAMESPACE_LESS_WEB.replace("  name: web\n", "  name: web\n  namespace: shop\n")));
    List<String> seenA = new ArrayList<>();
    for (int step = 0; step < steps.size(); step++) {
      Set<Path> before = Set.copyOf(files.keySet());
      steps.get(step).run();
      for (Path gone : before) {
        if (!files.containsKey(gone)) {
          incremental.removeFile(gone);
        }
      }
      files.forEach(incremental::putText);
      Workspace fresh = new Workspace(List.of(root), Log.SILENT);
      files.forEach(fresh::putText);
      for (Path p : List.of(webA, webB)) {
        assertEquals(describe(fresh.lint(p)), describe(incremental.lint(p)), "step " + step + ": " + p);
      }
      seenA.add(String.join("\n", describe(incremental.lint(webA))));
    }
    assertTrue(seenA.get(0).contains("probe-blocked-by-strict-mtls WARNING"), seenA.get(0));
    assertTrue(seenA.get(1).contains("probe-would-fail-under-strict-mtls"), seenA.get(1));
    assertFalse(seenA.get(3).contains("probe-blocked-by-strict-mtls"), "the policy moved to b/: " + seenA.get(3));
    assertTrue(describe(incremental.lint(webB)).stream().noneMatch(d -> d.contains("probe-blocked-by-strict-mtls")),
        "a workload that names its namespace shares none with a namespace-less policy");
  }

  private static List<String> describe(List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      StringBuilder s = new StringBuilder(f.rule()).append(' ').append(f.severity()).append(' ').append(f.where().start())
          .append('-').append(f.where().end()).append(' ').append(f.message());
      for (Finding.Related r : f.related()) {
        s.append(" | ").append(r.where().start()).append('-').append(r.where().end()).append(' ').append(r.message());
      }
      out.add(s.toString());
    }
    return out;
  }
}
