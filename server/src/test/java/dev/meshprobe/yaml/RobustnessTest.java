package dev.meshprobe.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Randomly damaged manifests never make the parser throw, and every span stays inside its document. */
class RobustnessTest {
  private static final String MANIFEST = """
      # a deployment
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        annotations: {sidecar.istio.io/inject: "true", note: 'it''s'}
      spec:
        template:
          spec:
            containers:
            - name: web
              image: "nginx:1.25"
              args: [--port, "8080"]
              livenessProbe: &probe
                httpGet: {path: /healthz, port: http}
              readinessProbe: *probe
              command:
              - sh
              - -c
              - |
                echo start
                exec nginx
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      ...
      """;

  private static final String[] PIECES = {"[", "]", "{", "}", "\"", "'", ": ", "- ", "\t", "&a ", "*a", "---\n",
      "...\n", "\n", "\r\n", "\r", "#", "|", ">", "!!str ", "? ", "%YAML 1.2\n", "<<: *probe\n", "\uD83D\uDE00",
      "\uD800", "\u0007", "\uFEFF", "  ", ",", "\\", "b: &b [*b]\n"};

  @Test
  void damagedManifestsNeverThrow() {
    Random random = new Random(20240611);
    YamlParser parser = new YamlParser();
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder(MANIFEST);
      for (int m = 1 + random.nextInt(5); m > 0; m--) {
        int at = random.nextInt(text.length() + 1);
        if (random.nextBoolean()) {
          text.insert(at, PIECES[random.nextInt(PIECES.length)]);
        } else {
          text.delete(at, Math.min(text.length(), at + random.nextInt(12)));
        }
      }
      String damaged = text.toString();
      YamlFile file = parser.parse(damaged);
      YamlFile again = parser.parse(damaged + "\nextra: 1\n", file);
      check(file);
      check(again);
    }
  }

  private static void check(YamlFile file) {
    for (YamlDocument doc : file.documents()) {
      assertEquals(doc.text(), file.source().text().substring(doc.start(), doc.end()));
      int length = doc.text().length();
      for (YamlProblem p : doc.problems()) {
        assertTrue(0 <= p.start() && p.start() <= p.end() && p.end() <= length, p::toString);
      }
      if (doc.root() != null) {
        Trees.forEachNode(doc.root(), n -> assertTrue(0 <= n.start() && n.start() <= n.end() && n.end() <= length));
      }
    }
  }
}
