package dev.meshprobe.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.fixtures.Fixture;
import dev.meshprobe.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message of every fixture finding has the shape DESIGN §2 asks for ({@link MessageShape}); the
 * corpus findings are held to the same in {@code CorpusTest}. Names are the user's and may be long: a
 * manifest with the longest names Kubernetes allows still gives messages that fit.
 */
class MessageShapeTest {
  @TempDir Path tmp;

  @Test
  void everyFixtureFindingHasAShortPlainMessageWithItsReasonFirst() {
    List<String> problems = new ArrayList<>();
    Set<String> rules = new TreeSet<>();
    int findings = 0;
    for (Fixture fixture : Fixtures.all()) {
      Workspace ws = FixtureAssert.workspace(fixture);
      for (Finding f : ws.lint(fixture.file().toAbsolutePath().normalize())) {
        findings++;
        rules.add(f.rule());
        String p = MessageShape.problem(f);
        if (p != null) {
          problems.add(fixture.name() + ": " + f.rule() + ": " + p + ": " + f.message());
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(findings > 150, "fixture findings: " + findings);
    rules.add("configuration-invalid");
    assertEquals(new TreeSet<>(MessageShape.REASONS.keySet()), rules, "every rule's messages are looked at");
  }

  @Test
  void theLongestNamesStillGiveMessagesThatFit() throws IOException {
    String name = "a".repeat(63);
    String host = "h".repeat(60) + "." + "s".repeat(60) + ".svc.cluster.local";
    Path dir = Files.createDirectories(tmp.resolve("x".repeat(100)).resolve("y".repeat(100)));
    Files.writeString(dir.resolve("mesh.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: NS
          labels: {istio-injection: enabled}
        ---
        apiVersion: security.istio.io/v1beta1
        kind: PeerAuthentication
        metadata: {name: NAME, namespace: NS}
        spec: {mtls: {mode: STRICT}}
        """.replace("NS", name).replace("NAME", name));
    Files.writeString(dir.resolve(name + ".yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: NAME
          namespace: NS
          annotations: {sidecar.istio.io/rewriteAppHTTPProbers: "true"}
        spec:
          template:
            metadata:
              annotations:
                sidecar.istio.io/rewriteAppHTTPProbers: "false"
                status.sidecar.istio.io/port: "0"
            spec:
              containers:
                - name: NAME
                  image: web:1
                  ports: [{name: PORT, containerPort: 8080}]
                  livenessProbe: {httpGet: {path: /healthz, port: PORT}}
                  readinessProbe: {tcpSocket: {port: 8080}}
                  startupProbe: {httpGet: {port: missing-port-name-that-is-long}}
                - name: NAME-2
                  image: web:1
                  livenessProbe: {httpGet: {host: HOST, path: /, port: 9090}}
        """.replace("NAME", name).replace("NS", name).replace("PORT", "p".repeat(15)).replace("HOST", host));
    Workspace ws = new Workspace(List.of(tmp), Log.SILENT);
    ws.indexFolders();
    ws.setOverrides(java.util.Map.of("istio", java.util.Map.of("version", "1.11")));
    List<String> seen = new ArrayList<>();
    for (Path p : ws.files()) {
      for (Finding f : ws.lint(p)) {
        seen.add(f.rule());
        assertNull(MessageShape.problem(f), f.rule() + ": " + f.message());
      }
    }
    assertTrue(seen.containsAll(List.of("probe-blocked-by-strict-mtls", "tcp-probe-always-succeeds", "probe-port-unresolved",
        "istio-annotation-misplaced")), seen.toString());
  }
}
