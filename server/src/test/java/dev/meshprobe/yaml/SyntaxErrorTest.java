package dev.meshprobe.yaml;

import static dev.meshprobe.yaml.Trees.onlyProblem;
import static dev.meshprobe.yaml.Trees.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntaxErrorTest {
  private static YamlProblem syntaxProblem(String text) {
    YamlDocument doc = parse(text).documents().get(0);
    assertNull(doc.root());
    assertTrue(doc.hasSyntaxError());
    YamlProblem p = onlyProblem(doc);
    assertEquals(YamlProblem.Kind.SYNTAX, p.kind());
    return p;
  }

  @Test
  void brokenMiddleDocumentLeavesTheOthersParsed() {
    String text = "kind: A\n---\nkind: B\n  bad: indent\n---\nkind: C\n";
    YamlFile file = parse(text);
    assertEquals(3, file.documents().size());
    assertEquals("A", file.documents().get(0).root().asMapping().string("kind"));
    YamlDocument broken = file.documents().get(1);
    assertNull(broken.root());
    assertTrue(broken.hasSyntaxError());
    YamlProblem p = onlyProblem(broken);
    assertEquals(text.indexOf("bad") + 3, broken.start() + p.start());
    assertEquals("C", file.documents().get(2).root().asMapping().string("kind"));
    assertFalse(file.documents().get(2).hasSyntaxError());
  }

  @Test
  void mappingValueWhereNotAllowed() {
    String text = "image: repo: tag\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf(": tag"), p.start());
    assertEquals(p.start() + 1, p.end());
    assertTrue(p.message().startsWith("A \"key: value\" pair is not allowed here"), p.message());
    assertTrue(p.message().endsWith("."), p.message());
  }

  @Test
  void unclosedFlowSequenceIsReportedWhereItStarts() {
    String text = "ports: [80, 443\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf('['), p.start());
    assertEquals(p.start() + 1, p.end());
    assertTrue(p.message().contains("\"[\" is never closed"), p.message());
  }

  @Test
  void unclosedFlowSequenceAfterACommaIsReportedWhereItStarts() {
    String text = "args: [\"--port\",\n";
    assertEquals(text.indexOf('['), syntaxProblem(text).start());
  }

  @Test
  void unclosedFlowMappingIsReportedWhereItStarts() {
    String text = "labels: {app: web, tier: front\n\n# comment\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf('{'), p.start());
    assertTrue(p.message().contains("\"{\" is never closed"), p.message());
  }

  @Test
  void innermostUnclosedBracketIsTheOneReported() {
    String text = "a: [1, {b: 2\n";
    assertEquals(text.indexOf('{'), syntaxProblem(text).start());
  }

  @Test
  void unclosedQuoteIsReportedWhereItStarts() {
    String text = "command: \"echo hi\nnext: 1\nmore: 2\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf('"'), p.start());
    assertTrue(p.message().contains("quoted string is never closed"), p.message());
    String single = "a: 1\nb: 'it is\n";
    assertEquals(single.indexOf('\''), syntaxProblem(single).start());
  }

  @Test
  void unclosedQuoteStopsAtTheNextDocument() {
    String text = "a: 'open\n---\nb: 2\n";
    YamlFile file = parse(text);
    assertEquals(2, file.documents().size());
    assertEquals(text.indexOf('\''), onlyProblem(file.documents().get(0)).start());
    assertEquals("2", file.documents().get(1).root().asMapping().string("b"));
  }

  @Test
  void unclosedBracketBeforeDocumentEndMarker() {
    String text = "a: [1,\n...\n";
    assertEquals(text.indexOf('['), syntaxProblem(text).start());
  }

  @Test
  void badIndentationPointsAtTheOffendingLine() {
    String text = "spec:\n  containers:\n  - name: a\n image: b\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf("image"), p.start());
    assertEquals(text.indexOf("image") + "image:".length(), p.end());
    assertTrue(p.message().contains("check the indentation"), p.message());
  }

  @Test
  void keyWithoutColonPointsAtTheKey() {
    String text = "a: 1\nfoo\nb: 2\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf("foo"), p.start());
    assertTrue(p.message().contains("\":\""), p.message());
  }

  @Test
  void undefinedAliasIsNamed() {
    String text = "a: *missing\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals("The alias \"*missing\" refers to no anchor defined before it.", p.message());
    assertEquals(text.indexOf('*'), p.start());
  }

  @Test
  void unknownEscapeInDoubleQuotes() {
    YamlProblem p = syntaxProblem("path: \"C:\\q\"\n");
    assertTrue(p.message().contains("\"\\q\""), p.message());
  }

  @Test
  void characterThatCannotStartAValue() {
    String text = "a: @b\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf('@'), p.start());
    assertTrue(p.message().contains("\"@\""), p.message());
  }

  @Test
  void controlCharacterIsReportedWhereItIs() {
    String text = "a: \"x\u0007\"\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf('\u0007'), p.start());
    assertTrue(p.message().contains("U+0007"), p.message());
  }

  @Test
  void errorPositionAfterAnEmojiIsInUtf16Units() {
    String text = "a: \"\uD83D\uDE00\"\nb: c: d\n";
    YamlProblem p = syntaxProblem(text);
    assertEquals(text.indexOf(": d"), p.start());
  }

  @Test
  void messagesAreSentencesWithoutParserJargon() {
    String[] broken = {"a: 1\n- b\n", "- a\nb: 1\n", "a: \"b\" c\n", "]", "%YAML 1.2\n", "a: [b, c\n  d: e\n"};
    for (String text : broken) {
      YamlProblem p = syntaxProblem(text);
      assertNotNull(p.message());
      assertTrue(Character.isUpperCase(p.message().charAt(0)), p.message());
      assertTrue(p.message().endsWith("."), p.message());
      assertFalse(p.message().contains("<"), p.message());
      assertFalse(p.message().contains("`"), p.message());
      assertFalse(p.message().contains("while parsing"), p.message());
    }
  }
}
