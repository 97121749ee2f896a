package dev.meshprobe.yaml;

import static dev.meshprobe.yaml.Trees.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentSplittingTest {
  private static List<String> texts(YamlFile file) {
    return file.documents().stream().map(YamlDocument::text).toList();
  }

  private static void assertIndexesAndStarts(YamlFile file) {
    String text = file.source().text();
    for (int i = 0; i < file.documents().size(); i++) {
      YamlDocument d = file.documents().get(i);
      assertEquals(i, d.index());
      assertEquals(d.text(), text.substring(d.start(), d.end()));
      assertTrue(d.problems().isEmpty(), () -> "problems: " + d.problems());
    }
  }

  @Test
  void splitsOnDocumentStartLines() {
    YamlFile file = parse("a: 1\n---\nb: 2\n--- \nc: 3\n");
    assertEquals(List.of("a: 1\n", "---\nb: 2\n", "--- \nc: 3\n"), texts(file));
    assertEquals("3", file.documents().get(2).root().asMapping().string("c"));
    assertIndexesAndStarts(file);
  }

  @Test
  void contentMayFollowTheMarkerOnItsLine() {
    YamlFile file = parse("--- |\n  text\n--- [a, b]\n");
    assertEquals(2, file.documents().size());
    assertEquals("text\n", file.documents().get(0).root().text());
    assertEquals(2, file.documents().get(1).root().asSequence().items().size());
    assertIndexesAndStarts(file);
  }

  @Test
  void leadingCommentsJoinTheFirstDocument() {
    YamlFile file = parse("# Licensed under ...\n\n---\nkind: Pod\n");
    assertEquals(List.of("# Licensed under ...\n\n---\nkind: Pod\n"), texts(file));
    assertIndexesAndStarts(file);
  }

  @Test
  void commentsBetweenDocumentsJoinTheNextOne() {
    YamlFile file = parse("a: 1\n...\n# about b\n---\nb: 2\n");
    assertEquals(List.of("a: 1\n...\n", "# about b\n---\nb: 2\n"), texts(file));
    assertIndexesAndStarts(file);
  }

  @Test
  void documentEndMarkerEndsTheDocumentAndABareDocumentMayFollow() {
    YamlFile file = parse("a: 1\n...\nb: 2\n");
    assertEquals(List.of("a: 1\n...\n", "b: 2\n"), texts(file));
    assertIndexesAndStarts(file);
  }

  @Test
  void directivesBelongToTheFollowingDocument() {
    YamlFile file = parse("a: 1\n...\n%YAML 1.2\n%TAG !e! tag:example.com,2024:\n---\nb: !e!thing 2\n");
    String second = "%YAML 1.2\n%TAG !e! tag:example.com,2024:\n---\nb: !e!thing 2\n";
    assertEquals(List.of("a: 1\n...\n", second), texts(file));
    assertEquals("tag:example.com,2024:thing", file.documents().get(1).root().asMapping().get("b").asScalar().tag());
    assertIndexesAndStarts(file);
  }

  @Test
  void trailingDocumentStartAtEndOfFileIsAnEmptyDocumentWithoutErrors() {
    YamlFile file = parse("a: 1\n---\n");
    assertEquals(2, file.documents().size());
    assertNull(file.documents().get(1).root());
    assertIndexesAndStarts(file);
    YamlFile noNewline = parse("a: 1\n---");
    assertEquals(2, noNewline.documents().size());
    assertIndexesAndStarts(noNewline);
  }

  @Test
  void trailingCommentsStayWithTheLastDocument() {
    YamlFile file = parse("a: 1\n---\nb: 2\n# the end\n");
    assertEquals(List.of("a: 1\n", "---\nb: 2\n# the end\n"), texts(file));
    YamlFile afterEndMarker = parse("a: 1\n...\n# the end\n");
    assertEquals(List.of("a: 1\n...\n# the end\n"), texts(afterEndMarker));
    assertIndexesAndStarts(afterEndMarker);
  }

  @Test
  void emptyFileHasNoDocuments() {
    YamlFile file = parse("");
    assertEquals(List.of(), file.documents());
    assertNull(file.notAnalysed());
  }

  @Test
  void commentsOnlyFileHasNoDocuments() {
    assertEquals(List.of(), parse("# nothing here\n\n   # still nothing\n").documents());
    assertEquals(List.of(), parse("\n\n  \n").documents());
  }

  @Test
  void markerNeedsColumnZeroAndABlankAfterIt() {
    YamlFile file = parse("a: ---x\nb: |\n  ---\n---x: 1\n");
    assertEquals(1, file.documents().size());
    assertEquals("1", file.documents().get(0).root().asMapping().string("---x"));
  }

  @Test
  void crlfMarkersSplitToo() {
    YamlFile file = parse("a: 1\r\n---\r\nb: 2\r\n");
    assertEquals(List.of("a: 1\r\n", "---\r\nb: 2\r\n"), texts(file));
    assertIndexesAndStarts(file);
  }

  @Test
  void manyDocumentsKeepConsecutiveIndexes() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("---\n# doc ").append(i).append("\nkind: ConfigMap\nmetadata:\n  name: c").append(i).append('\n');
    }
    YamlFile file = parse(text.toString());
    assertEquals(400, file.documents().size());
    assertEquals("c399", file.documents().get(399).root().asMapping().mapping("metadata").string("name"));
    assertIndexesAndStarts(file);
  }
}
