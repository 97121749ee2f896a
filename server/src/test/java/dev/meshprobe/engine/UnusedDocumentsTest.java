package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.NamespaceSource;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.text.DecodedText;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A document is left unparsed only when parsing it could not give anything a closed file keeps. */
class UnusedDocumentsTest {
  private static boolean skip(String doc) {
    return UnusedDocuments.skip("x\n" + doc + "\ny", 2, 2 + doc.length());
  }

  @Test
  void skipsKindsNoClosedFileKeeps() {
    assertTrue(skip("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: dg==\n"));
    assertTrue(skip("# comment\napiVersion: v1\nkind: ConfigMap # the app's\nmetadata: {name: app}\ndata:\n  a: |\n    kind: Service\n"));
    assertTrue(skip("---\r\napiVersion: apiextensions.k8s.io/v1\r\nkind: CustomResourceDefinition\r\nspec:\r\n  names: {kind: Service}\r\n"));
  }

  @Test
  void parsesWhatItCannotTellForCertain() {
    assertFalse(skip("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"), "a kept kind");
    assertFalse(skip("apiVersion: apps/v1\nkind: Deployment\n"), "a workload");
    assertFalse(skip("apiVersion: serving.knative.dev/v1\nkind: Configuration\n"), "a workload of another project");
    assertFalse(skip("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\n"), "Istio's mesh config");
    assertFalse(skip("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"\\x69stio\"}\n"), "an escape may spell istio");
    assertFalse(skip("apiVersion: v1\nkind: SecretList\nitems: []\n"), "a list holds any kind");
    assertFalse(skip("kind: Secret\nkind: Deployment\n"), "a repeated kind: the last wins");
    assertFalse(skip("\"kind\": Deployment\nkind: Secret\n"), "a quoted key");
    assertFalse(skip("<<: {kind: Deployment}\nmetadata: {}\n"), "a merge key");
    assertFalse(skip("? kind\n: Deployment\n"), "a complex key");
    assertFalse(skip("kind: !!str Secret\n"), "a tag");
    assertFalse(skip("kind: &k Secret\n"), "an anchor");
    assertFalse(skip("kind: 'Secret'\n"), "a quoted value");
    assertFalse(skip("{kind: Secret}\n"), "a flow root");
    assertFalse(skip("--- {kind: Secret}\n"), "content on the marker line");
    assertFalse(skip("%YAML 1.2\n---\nkind: Secret\n"), "a directive");
    assertFalse(skip("  kind: Secret\n"), "an indented root: no kind line at column 0");
    assertFalse(skip("\ufeffkind: Secret\n"), "a byte order mark");
    assertFalse(skip("x: \"a\nkind: Secret\"\n"), "a kind line inside a scalar, and no kind");
    assertFalse(skip("kind:Secret\n"), "not a key");
    assertFalse(skip("kind: Secret#x\n"), "a plain value with # inside");
  }

  /** Over the shared corpus: no document it skips gives a workload or a mesh-relevant resource. */
  @Test
  void neverSkipsWhatTheCorpusKeeps() throws IOException {
    String repo = System.getProperty("meshprobe.repo");
    assumeTrue(repo != null, "meshprobe.repo is not set");
    Path corpus = Path.of(repo).resolve("../shared/corpus").normalize();
    assumeTrue(Files.isDirectory(corpus), "no shared corpus at " + corpus);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList();
    }
    YamlParser parser = new YamlParser();
    int skipped = 0;
    for (Path path : files) {
      DecodedText decoded = DecodedText.decode(Files.readAllBytes(path));
      if (!decoded.ok()) {
        continue;
      }
      String text = decoded.text();
      for (YamlDocument doc : parser.parse(text).documents()) {
        if (!UnusedDocuments.skip(text, doc.start(), doc.end())) {
          continue;
        }
        skipped++;
        for (Resource r : Resources.of(path.toString(), doc, new Anchor(doc.start()), "default",
            new NamespaceSource(NamespaceSource.Kind.ASSUMED, null, path.getParent().toString(), null))) {
          assertFalse(MeshIndex.isMeshRelevant(r) || Workload.of(r) != null,
              () -> path + " document " + doc.index() + " was skipped but holds " + r.display());
        }
      }
    }
    assertTrue(skipped > 100, "the corpus has documents to skip: " + skipped);
  }
}
