package dev.meshprobe.yaml;

import static dev.meshprobe.yaml.Trees.onlyProblem;
import static dev.meshprobe.yaml.Trees.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateKeyTest {
  @Test
  void repeatedKeyIsReportedOnItsLaterOccurrence() {
    String text = "metadata:\n  name: a\n  labels: {}\n  name: b\n";
    YamlDocument doc = parse(text).documents().get(0);
    YamlProblem p = onlyProblem(doc);
    assertEquals(YamlProblem.Kind.DUPLICATE_KEY, p.kind());
    assertEquals(text.lastIndexOf("name"), p.start());
    assertEquals(text.lastIndexOf("name") + 4, p.end());
    assertEquals("Key name appears twice in this mapping: kubectl rejects the object or silently keeps only the last value.", p.message());
    assertNotNull(doc.root(), "the document is still usable");
    assertEquals("b", doc.root().asMapping().mapping("metadata").string("name"));
  }

  @Test
  void everyRepeatIsReportedWithTheCount() {
    String text = "a: 1\na: 2\nb: 0\na: 3\n";
    List<YamlProblem> problems = parse(text).documents().get(0).problems();
    assertEquals(2, problems.size());
    assertEquals(text.indexOf("a: 2"), problems.get(0).start());
    assertEquals(text.indexOf("a: 3"), problems.get(1).start());
    assertEquals("Key a appears 3 times in this mapping: kubectl rejects the object or silently keeps only the last value.",
        problems.get(0).message());
  }

  @Test
  void quotedAndPlainSpellingsOfAKeyAreTheSameKey() {
    String text = "{\"port\": 1, port: 2}";
    assertEquals(text.lastIndexOf("port"), onlyProblem(parse(text).documents().get(0)).start());
  }

  @Test
  void sameKeyInDifferentMappingsIsFine() {
    assertEquals(List.of(), parse("a:\n  name: x\nb:\n  name: y\n").documents().get(0).problems());
    assertEquals(List.of(), parse("- name: x\n- name: y\n").documents().get(0).problems());
  }

  @Test
  void problemsFollowTheOrderOfTheText() {
    String text = "a: 1\nb:\n  c: 1\n  c: 2\na: 2\n";
    List<YamlProblem> problems = parse(text).documents().get(0).problems();
    assertEquals(2, problems.size());
    assertEquals(text.indexOf("c: 2"), problems.get(0).start());
    assertEquals(text.indexOf("a: 2"), problems.get(1).start());
  }

  @Test
  void mergeKeysAreNotDuplicates() {
    String text = "base: &b {x: 1}\nmore: &m {y: 2}\nuse:\n  <<: *b\n  <<: *m\n  z: 3\n";
    assertEquals(List.of(), parse(text).documents().get(0).problems());
  }

  @Test
  void mappingReachedTwiceThroughAnAliasIsReportedOnce() {
    String text = "a: &x {k: 1, k: 2}\nb: *x\nc: *x\n";
    List<YamlProblem> problems = parse(text).documents().get(0).problems();
    assertEquals(1, problems.size());
    assertEquals(text.lastIndexOf("k: 2"), problems.get(0).start());
  }

  @Test
  void duplicatesInSeveralDocumentsAreReportedPerDocument() {
    YamlFile file = parse("a: 1\na: 2\n---\nb: 1\n---\nc: 1\nc: 1\n");
    assertEquals(1, file.documents().get(0).problems().size());
    assertEquals(0, file.documents().get(1).problems().size());
    assertEquals(1, file.documents().get(2).problems().size());
  }
}
