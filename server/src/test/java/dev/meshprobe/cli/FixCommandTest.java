package dev.meshprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshprobe fix} as CI and a terminal use it: the diff, --rule, --write, and the exit codes. */
class FixCommandTest {
  private static final String MESH = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata:
        name: default
        namespace: shop
      spec:
        mtls:
          mode: STRICT
      """;
  private static final String WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        annotations:
          sidecar.istio.io/inject: "true"
      spec:
        template:
          metadata:
            labels:
              app: web
            annotations:
              sidecar.istio.io/rewriteAppHTTPProbers: "false"
          spec:
            containers:
            - name: web
              image: example/web:1.4
              livenessProbe:
                httpGet:
                  path: /healthz
                  port: 8080
      """;

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new FixCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
        .run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void writeSeed() throws IOException {
    Files.createDirectories(dir.resolve("deploy"));
    Files.writeString(dir.resolve("deploy/mesh.yaml"), MESH);
    Files.writeString(dir.resolve("deploy/web.yaml"), WEB);
  }

  @Test
  void printsTheDiffOfThePreferredFixesAndExitsOne() throws IOException {
    writeSeed();
    Run r = run("deploy");
    assertEquals(1, r.code(), r.err());
    assertEquals("""
        --- a/deploy/web.yaml
        +++ b/deploy/web.yaml
        @@ -3,15 +3,14 @@
         metadata:
           name: web
           namespace: shop
        -  annotations:
        -    sidecar.istio.io/inject: "true"
         spec:
           template:
             metadata:
               labels:
                 app: web
               annotations:
        -        sidecar.istio.io/rewriteAppHTTPProbers: "false"
        +        sidecar.istio.io/rewriteAppHTTPProbers: "true"
        +        sidecar.istio.io/inject: "true"
             spec:
               containers:
               - name: web
        """, r.out());
    assertEquals(WEB, Files.readString(dir.resolve("deploy/web.yaml")), "without --write nothing is written");
  }

  @Test
  void ruleLimitsTheFixes() throws IOException {
    writeSeed();
    Run r = run("--rule", "istio-annotation-misplaced", "deploy");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("-  annotations:\n-    sidecar.istio.io/inject: \"true\"\n"), r.out());
    assertTrue(!r.out().contains("+        sidecar.istio.io/rewriteAppHTTPProbers"), r.out());
  }

  @Test
  void writeAppliesTheFixesAndASecondRunFindsNothingToDo() throws IOException {
    writeSeed();
    Run r = run("--write", "deploy");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("applied 2 fixes in 1 file"), r.err());
    String fixed = Files.readString(dir.resolve("deploy/web.yaml"));
    assertTrue(fixed.contains("sidecar.istio.io/rewriteAppHTTPProbers: \"true\"\n        sidecar.istio.io/inject: \"true\"\n"), fixed);
    assertEquals(MESH, Files.readString(dir.resolve("deploy/mesh.yaml")));
    Run again = run("deploy");
    assertEquals(0, again.code(), again.out());
    assertEquals("", again.out());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run().code());
    assertEquals(2, run("--rule", "no-such-rule", ".").code());
    assertEquals(2, run("missing-folder").code());
    Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage: meshprobe fix"), help.out());
  }
}
