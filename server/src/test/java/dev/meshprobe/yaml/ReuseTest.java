package dev.meshprobe.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReuseTest {
  private final YamlParser parser = new YamlParser();

  private static String manifest(int documents) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      text.append("---\nkind: ConfigMap\nmetadata:\n  name: c").append(i).append("\ndata:\n  key: value\n");
    }
    return text.toString();
  }

  @Test
  void editInOneDocumentReusesEveryOtherDocument() {
    String before = manifest(50);
    YamlFile first = parser.parse(before);
    int at = before.indexOf("name: c20") + "name: c".length();
    String after = before.substring(0, at) + "x" + before.substring(at);
    YamlFile second = parser.parse(after, first);

    assertEquals(50, second.documents().size());
    for (int i = 0; i < 50; i++) {
      YamlDocument old = first.documents().get(i);
      YamlDocument now = second.documents().get(i);
      assertEquals(i, now.index());
      assertEquals(now.text(), after.substring(now.start(), now.end()));
      if (i == 20) {
        assertNotSame(old.root(), now.root());
        assertEquals("cx20", now.root().asMapping().mapping("metadata").string("name"));
      } else {
        assertSame(old.root(), now.root(), "document " + i);
      }
    }
    assertSame(first.documents().get(5), second.documents().get(5), "unmoved documents are the very same object");
    assertEquals(first.documents().get(30).start() + 1, second.documents().get(30).start());
  }

  @Test
  void insertedDocumentShiftsIndexesOfReusedOnes() {
    String before = "a: 1\n---\nb: 2\n";
    String after = "a: 1\n---\nnew: 0\n---\nb: 2\n";
    YamlFile first = parser.parse(before);
    YamlFile second = parser.parse(after, first);
    assertEquals(3, second.documents().size());
    YamlDocument b = second.documents().get(2);
    assertSame(first.documents().get(1).root(), b.root());
    assertEquals(2, b.index());
    assertEquals(after.indexOf("---\nb"), b.start());
  }

  @Test
  void brokenDocumentsAreReusedWithTheirProblems() {
    String before = "a: [1\n---\nb: 2\n";
    YamlFile first = parser.parse(before);
    YamlFile second = parser.parse(before.replace("b: 2", "b: 3"), first);
    assertSame(first.documents().get(0).problems(), second.documents().get(0).problems());
    assertEquals(List.of(), second.documents().get(1).problems());
  }

  @Test
  void withoutPreviousEverythingIsComposed() {
    String text = manifest(3);
    YamlFile a = parser.parse(text);
    YamlFile b = parser.parse(text);
    assertNotSame(a.documents().get(0).root(), b.documents().get(0).root());
    assertEquals(a.documents().get(0).root(), b.documents().get(0).root());
  }
}
