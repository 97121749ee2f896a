package dev.meshprobe.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parsing with the change an edit made re-cuts only the documents around it; whatever the edit (one
 * that makes or breaks a document boundary, a directive, an end marker, a comment-only stretch), the
 * documents must be exactly those of a fresh parse of the new text.
 */
class IncrementalParseTest {
  private final YamlParser parser = new YamlParser();

  private static final String[] DOCUMENTS = {
      "kind: ConfigMap\nmetadata:\n  name: a\ndata: {k: v}\n",
      "# a comment only\n",
      "kind: Service\nspec:\n  ports: [{port: 80, targetPort: 8080}]\n",
      "key: |\n  text\n  more\n",
      "list:\n  - 1\n  - [2, 3]\n",
      "broken: [1, 2\n",
      "\n",
      "%YAML 1.2\n---\nx: 1\n",
      "y: 2\n...\n",
      "z: 'quoted\r\n  over lines'\r\n",
  };
  private static final String[] INSERTS = {"-", "---\n", "...\n", "\n", "#", " ", "x", ":", "%YAML 1.2\n", "{", "'", "😀", "\r\n", "- a\n"};

  @Test
  void randomEditsParseLikeAFreshParse() {
    Random random = new Random(20261124);
    for (int run = 0; run < 60; run++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (random.nextInt(4) != 0) {
          text.append("---\n");
        }
        text.append(DOCUMENTS[random.nextInt(DOCUMENTS.length)]);
      }
      SourceText source = new SourceText(text.toString());
      YamlFile incremental = parser.parse(source, null, null);
      for (int step = 0; step < 40; step++) {
        String before = text.toString();
        int at = random.nextInt(before.length() + 1);
        int end = at;
        String inserted = "";
        if (random.nextInt(3) == 0 && at < before.length()) {
          end = Math.min(before.length(), at + 1 + random.nextInt(8));
        } else {
          inserted = INSERTS[random.nextInt(INSERTS.length)];
        }
        if (splitsPair(before, at) || splitsPair(before, end)) {
          continue;
        }
        text.replace(at, end, inserted);
        TextChange change = TextChange.replace(at, end, inserted.length());
        source = source.edited(text.toString(), change);
        YamlFile next = parser.parse(source, incremental, change);
        assertSameDocuments(parser.parse(text.toString()), next, "run " + run + " step " + step + ":\n" + text);
        incremental = next;
      }
    }
  }

  @Test
  void anEditInOneDocumentComposesOnlyThatOne() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("---\nkind: ConfigMap\nmetadata:\n  name: c").append(i).append('\n');
    }
    String before = text.toString();
    YamlFile first = parser.parse(before);
    int at = before.indexOf("name: c17") + "name: c".length();
    String after = before.substring(0, at) + "9" + before.substring(at);
    YamlFile second = parser.parse(new SourceText(after), first, TextChange.replace(at, at, 1));
    for (int i = 0; i < 40; i++) {
      if (i != 17) {
        assertSame(first.documents().get(i).root(), second.documents().get(i).root(), "document " + i);
        assertSame(first.documents().get(i).text(), second.documents().get(i).text(), "document " + i);
      }
    }
    assertEquals("c917", second.documents().get(17).root().asMapping().mapping("metadata").string("name"));
    assertEquals(first.documents().get(30).start() + 1, second.documents().get(30).start());
  }

  @Test
  void aChangeOverTheWholeTextStillReusesUnchangedDocuments() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("---\nkind: ConfigMap\nmetadata:\n  name: c").append(i).append('\n');
    }
    String before = text.toString();
    YamlFile first = parser.parse(before);
    String after = before.replace("name: c50\n", "name: c50x\n");
    YamlFile second = parser.parse(new SourceText(after), first, new TextChange(0, before.length(), after.length()));
    assertSameDocuments(parser.parse(after), second, "whole-text change");
    assertSame(first.documents().get(99).root(), second.documents().get(99).root());
  }

  private static boolean splitsPair(String s, int at) {
    return at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at));
  }

  private static void assertSameDocuments(YamlFile expected, YamlFile actual, String context) {
    assertEquals(expected.documents().size(), actual.documents().size(), context);
    for (int i = 0; i < expected.documents().size(); i++) {
      YamlDocument e = expected.documents().get(i);
      YamlDocument a = actual.documents().get(i);
      assertEquals(i, a.index(), context);
      assertEquals(e.start(), a.start(), "start of document " + i + ", " + context);
      assertEquals(e.text(), a.text(), "text of document " + i + ", " + context);
      assertEquals(e.root(), a.root(), "tree of document " + i + ", " + context);
      assertEquals(e.problems(), a.problems(), "problems of document " + i + ", " + context);
    }
  }
}
