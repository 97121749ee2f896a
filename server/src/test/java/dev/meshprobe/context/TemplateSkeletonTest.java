package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal skeleton read from Helm templates: keys by indentation, actions masked, values' origins. */
class TemplateSkeletonTest {
  private static final Path FILE = Path.of("/chart/templates/t.yaml");

  private static TemplateNode at(TemplateNode root, String... keys) {
    TemplateNode n = root;
    for (String k : keys) {
      n = k.startsWith("[") ? n.items().get(Integer.parseInt(k.substring(1, k.length() - 1))) : n.child(k);
      assertNotNull(n, "no " + k + " in " + root);
    }
    return n;
  }

  @Test
  void actionsEndAtTheirDelimiterOutsideStringsAndCommentsAtTheirOwn() {
    List<TemplateActions.Action> a = TemplateActions.find("x: {{ printf \"}}\" }} {{- /* a }} comment */ -}} {{- include \"n\" . | nindent 4 -}}");
    assertEquals(3, a.size());
    assertEquals("printf \"}}\"", a.get(0).body());
    assertEquals(true, a.get(1).isComment());
    assertEquals("n", a.get(2).includes());
    assertEquals(4, a.get(2).indent());
  }

  @Test
  void keysNestByIndentationAndFlushSequencesBelongToTheirKey() {
    String t = """
        spec:
          containers:
          - name: web
            image: {{ .Values.image }}
            ports:
            - containerPort: 8080
          - name: sidecar
        """;
    TemplateNode root = TemplateSkeleton.parse(FILE, t).sections.get(0);
    assertEquals("web", at(root, "spec", "containers", "[0]", "name").literal);
    assertEquals(TemplateNode.Value.ACTION, at(root, "spec", "containers", "[0]", "image").value);
    assertEquals("8080", at(root, "spec", "containers", "[0]", "ports", "[0]", "containerPort").literal);
    assertEquals("sidecar", at(root, "spec", "containers", "[1]", "name").literal);
    TemplateNode image = at(root, "spec", "containers", "[0]", "image");
    assertEquals("image", t.substring(image.start, image.end));
    assertEquals("{{ .Values.image }}", t.substring(image.valueStart, image.valueEnd));
  }

  @Test
  void aKeyMadeByAnActionIsNoLiteralKeyAndQuotedKeysAreRead() {
    String t = """
        metadata:
          {{ .Values.key }}: x
          "sidecar.istio.io/inject": "false"  # quoted
          'it''s': 'v'
        """;
    TemplateNode metadata = at(TemplateSkeleton.parse(FILE, t).sections.get(0), "metadata");
    assertEquals(2, metadata.children.size());
    assertEquals("false", metadata.child("sidecar.istio.io/inject").literal);
    assertEquals("v", metadata.child("it's").literal);
  }

  @Test
  void injectionsLandWhereNindentPutsTheirOutputAndKnowTheDotOfTheirWith() {
    String t = """
        spec:
          template:
            metadata:
              {{- with .Values.podAnnotations }}
              annotations:
                {{- toYaml . | nindent 8 }}
              {{- end }}
            spec:
              {{- include "probes" . | nindent 6 }}
        """;
    TemplateNode root = TemplateSkeleton.parse(FILE, t).sections.get(0);
    TemplateNode annotations = at(root, "spec", "template", "metadata", "annotations");
    assertEquals(1, annotations.injections.size());
    assertEquals(List.of("podAnnotations"), ValueRefs.resolve(annotations.injections.get(0).action().body(), annotations.injections.get(0).dot()));
    assertEquals("probes", at(root, "spec", "template", "spec").injections.get(0).action().includes());
  }

  @Test
  void documentsAreSectionsAndDefinesAreSkeletonsOfTheirOwn() {
    String t = """
        {{- define "probes" -}}
        livenessProbe:
          httpGet:
            port: {{ .Values.port }}
        {{- end }}
        kind: Service
        ---
        kind: Deployment
        data: |
          not: a key
        other: 1
        """;
    TemplateSkeleton s = TemplateSkeleton.parse(FILE, t);
    assertEquals(2, s.sections.size());
    assertEquals("Service", s.sections.get(0).child("kind").literal);
    assertNull(s.sections.get(1).child("not"));
    assertEquals("1", s.sections.get(1).child("other").literal);
    assertEquals(TemplateNode.Value.ACTION, at(s.defines.get("probes"), "livenessProbe", "httpGet", "port").value);
  }

  @Test
  void valueReferencesFollowWithAndRootDollar() {
    assertEquals(List.of("a", "b"), ValueRefs.resolve("toYaml .Values.a.b | nindent 4", ValueRefs.ROOT));
    assertEquals(List.of("probe", "initialDelaySeconds"), ValueRefs.resolve(".initialDelaySeconds", List.of("probe")));
    assertEquals(List.of("probe"), ValueRefs.resolve("toYaml . | nindent 12", List.of("probe")));
    assertEquals(List.of("x"), ValueRefs.resolve("$.Values.x | quote", null));
    assertNull(ValueRefs.resolve(".Release.Name", ValueRefs.ROOT));
    assertNull(ValueRefs.resolve(".name", null));
  }

  @Test
  void everyTemplateOfTheCorpusReadsWithoutFailing() throws java.io.IOException {
    Path corpus = Path.of(System.getProperty("meshprobe.repo", "..")).resolve("../shared/corpus").normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(corpus), "no corpus beside the repository");
    int templates = 0;
    try (var walk = java.nio.file.Files.walk(corpus)) {
      for (Path f : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
        String text = SourceFiles.readDisk(f);
        if (text != null && text.contains("{{")) {
          TemplateSkeleton s = TemplateSkeleton.parse(f, text);
          assertNotNull(s.sections.get(0), f.toString());
          templates++;
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(templates > 20, templates + " templates");
  }
}
