package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hover on a PeerAuthentication lists the ports it decides: all of them up to ten (a hover is read at a
 * glance), then says there are more. */
class PeerAuthenticationHoverTest {
  private static final String MESH_WIDE = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: istio-system
      spec:
        mtls:
          mode: STRICT
      """;

  private static String apps(int count) {
    StringBuilder s = new StringBuilder("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            istio-injection: enabled
        """);
    for (int i = 0; i < count; i++) {
      s.append("""
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: app-%d
            namespace: shop
          spec:
            containers:
              - name: main
                ports:
                  - containerPort: 8080
          """.formatted(i));
    }
    return s.toString();
  }

  private static String hover(int apps) {
    Path root = Path.of("/meshprobe-pa-hover").toAbsolutePath();
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.openFile(root.resolve("apps.yaml"), apps(apps));
    Path policy = root.resolve("policy.yaml");
    ws.openFile(policy, MESH_WIDE);
    return new Explainer(ws).hover(policy, MESH_WIDE.indexOf("PeerAuthentication")).markdown();
  }

  private static long portLines(String markdown) {
    return markdown.lines().filter(l -> l.startsWith("- Pod shop/")).count();
  }

  @Test
  void listsEveryPortItDecidesUpToTen() {
    String md = hover(3);
    assertEquals(3, portLines(md), md);
    assertTrue(md.contains("- Pod shop/app-2, container `main`, port 8080: STRICT"), md);
    assertFalse(md.contains("and more"), md);
  }

  @Test
  void stopsAtTenAndSaysThereAreMore() {
    String md = hover(60);
    assertEquals(Explainer.HOVER_PORTS, portLines(md), md);
    assertTrue(md.contains("- … and more"), md);
  }
}
