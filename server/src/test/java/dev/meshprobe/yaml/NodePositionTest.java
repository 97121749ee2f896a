package dev.meshprobe.yaml;

import static dev.meshprobe.yaml.Trees.parse;
import static dev.meshprobe.yaml.Trees.root;
import static dev.meshprobe.yaml.Trees.spanText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.text.Position;
import org.junit.jupiter.api.Test;

class NodePositionTest {
  @Test
  void blockMappingKeysAndValuesHaveExactSpans() {
    String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n";
    YMapping root = root(text).asMapping();
    YEntry kind = root.entry("kind");
    assertEquals(text.indexOf("kind"), kind.key().start());
    assertEquals(text.indexOf("kind") + 4, kind.key().end());
    assertEquals("Pod", text.substring(kind.value().start(), kind.value().end()));
    YMapping metadata = root.mapping("metadata");
    assertEquals(text.indexOf("name"), metadata.start());
    assertEquals(text.indexOf("web") + 3, metadata.end());
    assertFalse(metadata.flow());
    assertEquals(0, root.start());
    assertEquals(text.length() - 1, root.end());
  }

  @Test
  void emojiBeforeAKeyShiftsItsColumnByTwoUtf16Units() {
    String text = "labels: {\uD83D\uDE00: smile, name: web}\n";
    YamlFile file = parse(text);
    YMapping labels = file.documents().get(0).root().asMapping().mapping("labels");
    YEntry name = labels.entry("name");
    assertEquals(text.indexOf("name"), name.key().start());
    assertEquals(new Position(0, 20), file.source().position(name.key().start()));
    assertEquals("web", text.substring(name.value().start(), name.value().end()));
    assertTrue(labels.flow());
    assertEquals(text.indexOf('{'), labels.start());
    assertEquals(text.indexOf('}') + 1, labels.end());
  }

  @Test
  void emojiInAnEarlierLineDoesNotShiftLaterOffsets() {
    String text = "a: \"\uD83D\uDE00\uD83D\uDE00\"\nb: x\n";
    YMapping root = root(text).asMapping();
    assertEquals("\uD83D\uDE00\uD83D\uDE00", root.string("a"));
    assertEquals(text.indexOf("x"), root.get("b").start());
    assertEquals(text.indexOf('"'), root.get("a").start());
    assertEquals(text.lastIndexOf('"') + 1, root.get("a").end());
  }

  @Test
  void scalarStylesAndExplicitTags() {
    String text = "p: plain\ns: 'single'\nd: \"double\"\nl: |\n  line\nf: >\n  folded\n"
        + "t: !!str 5\nn: 7\nc: !custom x\n";
    YMapping root = root(text).asMapping();
    assertEquals(YScalar.Style.PLAIN, root.get("p").asScalar().style());
    assertEquals(YScalar.Style.SINGLE_QUOTED, root.get("s").asScalar().style());
    assertEquals(YScalar.Style.DOUBLE_QUOTED, root.get("d").asScalar().style());
    assertEquals(YScalar.Style.LITERAL, root.get("l").asScalar().style());
    assertEquals(YScalar.Style.FOLDED, root.get("f").asScalar().style());
    assertEquals("!!str", root.get("t").asScalar().tag());
    assertEquals("5", root.string("t"));
    assertNull(root.get("n").asScalar().tag(), "an implicit tag is not recorded");
    assertEquals("!custom", root.get("c").asScalar().tag());
  }

  @Test
  void blockScalarSpanEndsAtItsLastCharacter() {
    String text = "script: |\n  echo hi\n  exit 0\n\n\nnext: 1\n";
    YScalar script = root(text).asMapping().get("script").asScalar();
    assertEquals("echo hi\nexit 0\n", script.value());
    assertEquals(text.indexOf('|'), script.start());
    assertEquals(text.indexOf("exit 0") + 6, script.end());
  }

  @Test
  void spansStartAtContentNotAtAnchorOrTag() {
    String text = "base: &base\n  port: 80\nname: &n !!str web\n";
    YMapping root = root(text).asMapping();
    assertEquals(text.indexOf("port"), root.get("base").start());
    assertEquals(text.indexOf("web"), root.get("name").start());
  }

  @Test
  void blockCollectionsEndBeforeTrailingCommentsAndBlankLines() {
    String text = "spec:\n  ports:\n  - 80\n  - 443  # https\n\n# about status\nstatus: {}\n";
    YMapping root = root(text).asMapping();
    YSequence ports = root.mapping("spec").sequence("ports");
    assertEquals(text.indexOf("- 80"), ports.start());
    assertEquals(text.indexOf("443") + 3, ports.end());
    assertEquals(ports.end(), root.get("spec").end());
  }

  @Test
  void sequencesInBothStyles() {
    String text = "block:\n- a\n- b\nflow: [c, d]\n";
    YMapping root = root(text).asMapping();
    YSequence block = root.sequence("block");
    assertFalse(block.flow());
    assertEquals(2, block.items().size());
    assertEquals("b", block.items().get(1).text());
    YSequence flow = root.sequence("flow");
    assertTrue(flow.flow());
    assertEquals("[c, d]", text.substring(flow.start(), flow.end()));
  }

  @Test
  void nullsAreScalarsWithoutText() {
    YMapping root = root("a:\nb: ~\nc: null\nd: 'null'\n").asMapping();
    assertTrue(root.get("a").asScalar().isNull());
    assertNull(root.string("a"));
    assertNull(root.string("b"));
    assertNull(root.string("c"));
    assertEquals("null", root.string("d"));
  }

  @Test
  void aliasesShareTheAnchoredNode() {
    YMapping root = root("a: &x {k: v}\nb: *x\n").asMapping();
    assertSame(root.get("a"), root.get("b"));
  }

  @Test
  void crlfOffsetsCountBothCharacters() {
    String text = "kind: Pod\r\nmetadata:\r\n  name: web\r\n";
    YamlFile file = parse(text);
    YamlDocument doc = file.documents().get(0);
    YNode name = doc.root().asMapping().mapping("metadata").get("name");
    assertEquals("web", spanText(doc, name));
    assertEquals(new Position(2, 8), file.source().position(doc.start() + name.start()));
  }

  @Test
  void tabsInsideValuesAreFineButTabIndentationIsAnError() {
    YMapping root = root("cmd: \"a\tb\"\nx:\tvalue\n").asMapping();
    assertEquals("a\tb", root.string("cmd"));
    assertEquals("value", root.string("x"));
    YamlDocument doc = parse("spec:\n\tname: web\n").documents().get(0);
    YamlProblem p = Trees.onlyProblem(doc);
    assertEquals(YamlProblem.Kind.SYNTAX, p.kind());
    assertTrue(p.message().contains("tab"), p.message());
    assertEquals(6, p.start());
  }

  @Test
  void byteOrderMarkInTheTextIsNotPartOfTheFirstKey() {
    String text = "\uFEFFkind: Pod\n";
    YMapping root = root(text).asMapping();
    assertEquals("Pod", root.string("kind"));
    assertEquals(1, root.entry("kind").key().start());
  }

  @Test
  void offsetsInLaterDocumentsAreRelativeToTheirDocument() {
    String text = "a: 1\n---\nkind: Service\n";
    YamlFile file = parse(text);
    YamlDocument second = file.documents().get(1);
    assertEquals(text.indexOf("---"), second.start());
    YNode kind = second.root().asMapping().get("kind");
    assertEquals("Service", spanText(second, kind));
    assertEquals(text.indexOf("Service"), second.start() + kind.start());
  }

  @Test
  void oneMegabyteSingleLine() {
    String value = "x".repeat(1024 * 1024);
    String text = "data: " + value + "\n";
    YamlDocument doc = parse(text).documents().get(0);
    YNode data = doc.root().asMapping().get("data");
    assertEquals(value, data.text());
    assertEquals(6, data.start());
    assertEquals(text.length() - 1, data.end());
  }

  @Test
  void longFlowSequenceOnOneLine() {
    StringBuilder text = new StringBuilder("ports: [");
    for (int i = 0; i < 100_000; i++) {
      text.append(i == 0 ? "" : ", ").append(i);
    }
    text.append("]\n");
    YSequence ports = root(text.toString()).asMapping().sequence("ports");
    assertEquals(100_000, ports.items().size());
    assertEquals("99999", ports.items().get(99_999).text());
  }
}
