package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.text.DecodedText;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A packed tree unpacks to an equal tree: values, styles, tags, flow flags, spans and shared nodes. */
class PackedTreeTest {
  private static YNode roundTrip(YNode root) {
    return PackedTree.pack(root).unpack();
  }

  @Test
  void everyKindOfNodeRoundTrips() {
    String text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: "web", namespace: 'shop', labels: {app: web}}
        spec:
          template:
            metadata:
              annotations:
                sidecar.istio.io/rewriteAppHTTPProbers: "false"
                long: %s
            spec:
              containers:
                - name: web
                  ports: [{name: http, containerPort: 8080}, {containerPort: !!str 9090}]
                  command: [sh, -c, "echo ünïcode 😀"]
                  args:
                  livenessProbe:
                    httpGet: {path: /healthz, port: http}
              script: |
                line one
                line two
              folded: >
                folded text
              empty:
              nothing: ~
              ? [complex, key]
              : value
        """.formatted("x".repeat(70_000));
    for (YamlDocument doc : new YamlParser().parse(text).documents()) {
      assertEquals(doc.root(), roundTrip(doc.root()));
    }
  }

  @Test
  void anchorsStayShared() {
    String text = """
        base: &base {a: 1, b: [x, y]}
        one: *base
        two:
          <<: *base
          c: 3
        list: [*base, *base]
        """;
    YMapping root = (YMapping) new YamlParser().parse(text).documents().get(0).root();
    YMapping back = (YMapping) roundTrip(root);
    assertEquals(root, back);
    assertSame(back.get("base"), back.get("one"), "an alias is the node its anchor made");
    YSequence list = back.sequence("list");
    assertSame(back.get("base"), list.items().get(0));
    assertSame(list.items().get(0), list.items().get(1));
    assertEquals("1", back.mapping("two").string("a"), "merge keys still apply");
  }

  @Test
  void corpusDocumentsRoundTrip() throws IOException {
    String repo = System.getProperty("meshprobe.repo");
    assumeTrue(repo != null, "meshprobe.repo is not set");
    Path corpus = Path.of(repo).resolve("../shared/corpus").normalize();
    assumeTrue(Files.isDirectory(corpus), "no shared corpus at " + corpus);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList();
    }
    YamlParser parser = new YamlParser();
    int roots = 0;
    for (Path path : files) {
      DecodedText decoded = DecodedText.decode(Files.readAllBytes(path));
      if (!decoded.ok()) {
        continue;
      }
      for (YamlDocument doc : parser.parse(decoded.text()).documents()) {
        if (doc.root() != null) {
          assertEquals(doc.root(), roundTrip(doc.root()), () -> path + " document " + doc.index());
          roots++;
        }
      }
    }
    assertTrue(roots > 100, "the corpus holds documents");
  }
}
