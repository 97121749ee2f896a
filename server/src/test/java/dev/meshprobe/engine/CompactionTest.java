package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server keeps of closed files only what other files need. Whatever it dropped, the
 * findings of an open file, of a closed file linted on request, and the workspace-wide findings must
 * be exactly those of a workspace that keeps everything.
 */
class CompactionTest {
  @TempDir Path root;

  private void write(String name, String text) throws IOException {
    Path p = root.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static String deployment(String name, String rewrite, String port) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: shop
          labels: {team: storefront}
        spec:
          replicas: 2
          template:
            metadata:
              labels: {app: %s, tier: web}
              annotations:
                sidecar.istio.io/rewriteAppHTTPProbers: "%s"
            spec:
              containers:
                - name: %s
                  image: example/%s:1
                  env: [{name: MODE, value: production}]
                  ports: [{name: http, containerPort: %s}]
                  resources: {requests: {cpu: 100m}}
                  livenessProbe:
                    httpGet: {path: /healthz, port: http}
                    periodSeconds: 10
        """.formatted(name, name, rewrite, name, name, port);
  }

  @Test
  void compactedWorkspaceGivesTheFindingsOfAFullOne() throws IOException {
    write("cluster/mesh.yaml", """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {istio-injection: enabled}}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: web-strict, namespace: shop}
        spec:
          selector: {matchLabels: {tier: web}}
          mtls: {mode: STRICT}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: cart-strict, namespace: shop}
        spec:
          selector: {matchLabels: {app: cart}}
          mtls: {mode: STRICT}
          portLevelMtls: {8080: {mode: PERMISSIVE}}
        """);
    write("apps/cart.yaml", deployment("cart", "false", "8080") + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: cart, namespace: shop}
        spec:
          selector: {app: cart}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cart-settings, namespace: shop}
        data:
          big: "%s"
        """.formatted("x".repeat(5000)));
    write("apps/web.yaml", deployment("web", "false", "9090"));

    Workspace full = new Workspace(List.of(root), Log.SILENT);
    Workspace compact = new Workspace(List.of(root), Log.SILENT);
    compact.compactClosedFiles(true);
    full.indexFolders();
    compact.indexFolders();
    Path web = root.resolve("apps/web.yaml");
    Path cart = root.resolve("apps/cart.yaml");
    Path mesh = root.resolve("cluster/mesh.yaml");
    String webText = Files.readString(web);
    full.openFile(web, webText);
    compact.openFile(web, webText);

    FileState closed = compact.file(cart);
    assertNull(closed.source().text(), "a closed file keeps no text");
    assertEquals(2, closed.documents.size(), "the ConfigMap document is dropped, the Deployment and Service kept");
    assertTrue(full.file(cart).source().text() != null);

    for (Path p : List.of(web, cart, mesh)) {
      List<String> expected = describe(full.lint(p));
      assertEquals(expected, describe(compact.lint(p)), p.toString());
      if (p.equals(mesh)) {
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("peer-authentication-conflict")), expected.toString());
      } else {
        assertFalse(expected.isEmpty(), p.toString());
      }
    }
    compact.openFile(mesh, Files.readString(mesh));
    String hover = new Explainer(compact).hover(mesh, Files.readString(mesh).indexOf("PeerAuthentication")).markdown();
    assertTrue(hover.contains("Deployment shop/cart, container `cart`, port 8080 (liveness probe): STRICT"), hover);

    // A configuration change re-derives the closed files' resources (here: their default namespace).
    write("apps/plain.yaml", deployment("plain", "false", "7070").replace("  namespace: shop\n", ""));
    full.refreshFromDisk(root.resolve("apps/plain.yaml"));
    compact.refreshFromDisk(root.resolve("apps/plain.yaml"));
    for (Workspace ws : List.of(full, compact)) {
      ws.setEditorSettings(java.util.Map.of("defaultNamespace", "shop"));
    }
    for (Path p : List.of(web, cart, mesh, root.resolve("apps/plain.yaml"))) {
      assertEquals(describe(full.lint(p)), describe(compact.lint(p)), "after a configuration change: " + p);
    }
    assertTrue(describe(compact.lint(root.resolve("apps/plain.yaml"))).stream().anyMatch(x -> x.contains("Deployment shop/plain")));
    String after = new Explainer(compact).hover(mesh, Files.readString(mesh).indexOf("PeerAuthentication")).markdown();
    assertTrue(after.contains("Deployment shop/plain, container `plain`, port 7070"), "the closed file's workload moved to `shop`: " + after);

    compact.closeFile(web);
    assertNull(compact.file(web).source().text(), "closing a file compacts it");
    assertEquals(describe(full.lint(web)), describe(compact.lint(web)));
  }

  /**
   * The workloads of one namespace, which the compacted workspace finds without unpacking documents of
   * other namespaces, are those of the full list filtered, in the same order: also for objects without a
   * namespace (the default, which a configuration change moves) and for a {@code kind: List}.
   */
  @Test
  void workloadsOfANamespaceAreTheFilteredList() throws IOException {
    write("a/shop.yaml", deployment("cart", "true", "8080") + "---\n" + deployment("web", "true", "9090"));
    write("a/plain.yaml", deployment("plain", "true", "7070").replace("  namespace: shop\n", ""));
    write("b/list.yaml", """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: one, namespace: shop}
            spec: {template: {metadata: {labels: {app: one}}, spec: {containers: [{name: one}]}}}
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: two, namespace: other}
            spec: {template: {metadata: {labels: {app: two}}, spec: {containers: [{name: two}]}}}
        """);
    Workspace full = new Workspace(List.of(root), Log.SILENT);
    Workspace compact = new Workspace(List.of(root), Log.SILENT);
    compact.compactClosedFiles(true);
    full.indexFolders();
    compact.indexFolders();
    for (int round = 0; round < 2; round++) {
      for (String ns : List.of("shop", "other", "default", "none")) {
        List<String> expected = new ArrayList<>();
        for (var w : full.meshIndex().workloads()) {
          if (w.namespace().equals(ns)) {
            expected.add(w.display());
          }
        }
        for (Workspace ws : List.of(full, compact)) {
          List<String> actual = new ArrayList<>();
          ws.meshIndex().workloads(ns).forEach(w -> actual.add(w.display()));
          assertEquals(expected, actual, "round " + round + ", namespace " + ns);
        }
      }
      for (Workspace ws : List.of(full, compact)) {
        ws.setEditorSettings(java.util.Map.of("defaultNamespace", "shop"));
      }
    }
  }

  /**
   * A packed document keeps where its objects' namespace comes from (assumed, with its folder; then
   * configured once a defaultNamespace is set), so that the folder rule and the alternatives decide
   * for closed files as they do for open ones.
   */
  @Test
  void packedDocumentsKeepTheirNamespaceProvenance() throws IOException {
    write("course/a/policy.yaml", """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default}
        spec: {mtls: {mode: STRICT}}
        """);
    write("course/a/web.yaml", deployment("web", "false", "8080").replace("  namespace: shop\n", ""));
    write("course/b/api.yaml", deployment("api", "false", "8081").replace("  namespace: shop\n", ""));
    write("course/b/policy.yaml", """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default}
        spec: {mtls: {mode: STRICT}}
        """);
    write("course/b/policy-copy.yaml", """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default}
        spec: {mtls: {mode: PERMISSIVE}}
        """);
    Workspace full = new Workspace(List.of(root), Log.SILENT);
    Workspace compact = new Workspace(List.of(root), Log.SILENT);
    compact.compactClosedFiles(true);
    full.indexFolders();
    compact.indexFolders();
    List<Path> paths = List.of(root.resolve("course/a/policy.yaml"), root.resolve("course/a/web.yaml"),
        root.resolve("course/b/api.yaml"), root.resolve("course/b/policy.yaml"), root.resolve("course/b/policy-copy.yaml"));
    for (int round = 0; round < 2; round++) {
      for (Path p : paths) {
        assertEquals(sources(full, p), sources(compact, p), "round " + round + ": " + p);
        assertEquals(describe(full.lint(p)), describe(compact.lint(p)), "round " + round + ": " + p);
      }
      for (Workspace ws : List.of(full, compact)) {
        ws.setEditorSettings(java.util.Map.of("defaultNamespace", "course"));
      }
    }
    assertTrue(sources(compact, root.resolve("course/b/api.yaml")).get(0).startsWith("CONFIGURED"), sources(compact, root.resolve("course/b/api.yaml")).toString());
    assertTrue(describe(compact.lint(root.resolve("course/b/policy.yaml"))).stream().anyMatch(d -> d.contains("resource-defined-twice")));
  }

  /**
   * Copies of a Service are told apart by what decides with them (selector and ports' name, port,
   * targetPort), which is all a compacted file keeps: a copy that differs in anything else (protocol,
   * type) is the same choice, open or closed, and is not reported as an alternative at Istio 1.6.
   */
  @Test
  void serviceCopiesAreComparedOnWhatACompactedFileKeeps() throws IOException {
    write(".meshprobe.yaml", "istio: {version: \"1.6\"}\n");
    String service = """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
          ports:
            - {name: http, port: 80, targetPort: 8080%s}
        """;
    write("lesson1/web-service.yaml", service.formatted(""));
    write("lesson2/web-service.yaml", service.formatted(", protocol: TCP").replace("spec:", "spec:\n  type: NodePort"));
    write("lesson3/web-service.yaml", service.formatted("").replace("targetPort: 8080", "targetPort: 9090"));
    Workspace full = new Workspace(List.of(root), Log.SILENT);
    Workspace compact = new Workspace(List.of(root), Log.SILENT);
    compact.compactClosedFiles(true);
    full.indexFolders();
    compact.indexFolders();
    for (String lesson : List.of("lesson1", "lesson2", "lesson3")) {
      Path p = root.resolve(lesson + "/web-service.yaml");
      assertEquals(describe(full.lint(p)), describe(compact.lint(p)), p.toString());
      assertTrue(describe(full.lint(p)).stream().anyMatch(d -> d.contains("defined 3 times")),
          "lesson 3 targets another port, so the choice matters and all three are reported: " + describe(full.lint(p)));
    }
    Files.delete(root.resolve("lesson3/web-service.yaml"));
    Workspace twoCopies = new Workspace(List.of(root), Log.SILENT);
    twoCopies.compactClosedFiles(true);
    twoCopies.indexFolders();
    assertEquals(List.of(), describe(twoCopies.lint(root.resolve("lesson1/web-service.yaml"))),
        "the two left decide alike (protocol and type do not count)");
  }

  private static List<String> sources(Workspace ws, Path p) {
    List<String> out = new ArrayList<>();
    for (var r : ws.file(p).resources()) {
      var s = r.namespaceSource();
      out.add(s.kind() + " " + r.namespace() + " " + s.folder() + " " + s.origin() + " " + s.context());
    }
    return out;
  }

  private static List<String> describe(List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      Finding.Subject about = f.subject();
      StringBuilder s = new StringBuilder(f.rule()).append(' ').append(f.severity()).append(' ').append(f.where().start())
          .append(' ').append(about.kind()).append(' ').append(about.namespace()).append('/').append(about.name())
          .append(' ').append(f.message()).append(' ').append(f.notes());
      for (Finding.Related r : f.related()) {
        s.append(" | ").append(r.where().file()).append(':').append(r.where().start()).append(' ').append(r.message());
      }
      out.add(s.toString());
    }
    return out;
  }
}
