package dev.meshprobe.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.text.DecodedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file of the shared corpus of real manifests parses, and every span points at its own text. */
class CorpusTest {
  private static Path corpus() {
    String repo = System.getProperty("meshprobe.repo");
    assumeTrue(repo != null, "meshprobe.repo is not set");
    Path corpus = Path.of(repo).resolve("../shared/corpus").normalize();
    assumeTrue(Files.isDirectory(corpus), "no shared corpus at " + corpus);
    return corpus;
  }

  private static List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(corpus())) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void everyFileParsesWithSpansInsideItsDocuments() throws IOException {
    YamlParser parser = new YamlParser();
    int documents = 0;
    int yamlFiles = 0;
    for (Path path : files()) {
      DecodedText decoded = DecodedText.decode(Files.readAllBytes(path));
      if (!decoded.ok()) {
        continue;
      }
      YamlFile file = parser.parse(decoded.text());
      String where = path.toString();
      checkFile(file, where);
      documents += file.documents().size();
      if (path.toString().matches(".*\\.ya?ml")) {
        yamlFiles++;
        for (YamlDocument doc : file.documents()) {
          assertTrue(doc.problems().stream().noneMatch(p -> p.kind() == YamlProblem.Kind.NOT_ANALYSED),
              () -> where + " document " + doc.index() + ": " + doc.problems());
        }
      }
    }
    assertTrue(yamlFiles > 100, "the corpus holds manifests");
    assertTrue(documents > yamlFiles, "multi-document files are split");
  }

  private static void checkFile(YamlFile file, String where) {
    String text = file.source().text();
    int previousEnd = 0;
    for (int i = 0; i < file.documents().size(); i++) {
      YamlDocument doc = file.documents().get(i);
      String at = where + " document " + i;
      assertEquals(i, doc.index(), at);
      // The documents make up the whole text: the engine tells a file's template markers from theirs.
      assertEquals(previousEnd, doc.start(), at + " starts where the previous one ends");
      assertEquals(doc.text(), text.substring(doc.start(), doc.end()), at);
      previousEnd = doc.end();
      if (i == file.documents().size() - 1) {
        assertEquals(text.length(), doc.end(), at + " ends the text");
      }
      for (YamlProblem p : doc.problems()) {
        assertTrue(0 <= p.start() && p.start() <= p.end() && p.end() <= doc.text().length(), at + ": " + p);
      }
      if (doc.root() != null) {
        Trees.forEachNode(doc.root(), node -> checkNode(doc, node, at));
      }
    }
  }

  private static void checkNode(YamlDocument doc, YNode node, String at) {
    String text = doc.text();
    assertTrue(0 <= node.start() && node.start() <= node.end() && node.end() <= text.length(), () -> at + ": " + node);
    if (!(node instanceof YScalar s)) {
      return;
    }
    String source = text.substring(s.start(), s.end());
    switch (s.style()) {
      case PLAIN -> {
        if (source.indexOf('\n') < 0 && source.indexOf('\r') < 0) {
          assertEquals(s.value(), source, at);
        } else {
          // A multi-line plain scalar folds its line breaks into spaces.
          assertEquals(s.value().replaceAll("\\s+", " "), source.replaceAll("\\s+", " "), at);
        }
      }
      case SINGLE_QUOTED -> assertQuoted(source, '\'', at);
      case DOUBLE_QUOTED -> assertQuoted(source, '"', at);
      case LITERAL, FOLDED -> {
        char indicator = source.charAt(0);
        assertTrue(indicator == '|' || indicator == '>', at + ": " + source);
        String firstLine = s.value().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (!firstLine.isEmpty() && s.style() == YScalar.Style.LITERAL) {
          assertTrue(source.contains(firstLine), at + ": " + firstLine);
        }
      }
      default -> throw new AssertionError(s.style());
    }
  }

  private static void assertQuoted(String source, char quote, String at) {
    assertTrue(source.length() >= 2, at);
    assertEquals(quote, source.charAt(0), at + ": " + source);
    assertEquals(quote, source.charAt(source.length() - 1), at + ": " + source);
    assertNotEquals(-1, source.indexOf(quote, 1), at);
  }
}
