package dev.meshprobe.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshprobe.fixtures.Fixtures;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every rule is registered and has a test, a fixture folder and a docs page; and nothing else pretends to be a rule. */
class RuleCatalogTest {
  /** Rules whose subject is not a manifest, so their scenarios live in a Java test instead of fixtures. */
  private static final Set<String> WITHOUT_FIXTURES = Set.of("configuration-invalid");

  private static Path repo() {
    return Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();
  }

  @Test
  void everyRuleClassIsRegistered() throws IOException {
    Path dir = repo().resolve("server/src/main/java/dev/meshprobe/rules");
    Set<String> registered = Rules.all().stream().map(r -> r.getClass().getSimpleName()).collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> classes = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Rule.java") && !n.equals("Rule.java"))
          .map(n -> n.substring(0, n.length() - 5)).toList();
      for (String c : classes) {
        assertTrue(registered.contains(c), c + " is not registered in Rules");
      }
      assertEquals(classes.size(), registered.size());
    }
  }

  @Test
  void everyRuleHasATestAFixtureFolderAndADocsPage() {
    List<String> missing = new ArrayList<>();
    for (Rule r : Rules.all()) {
      assertTrue(Modifier.isFinal(r.getClass().getModifiers()), r.getClass() + " must be final");
      try {
        Class.forName(r.getClass().getName() + "Test");
      } catch (ClassNotFoundException e) {
        missing.add(r.id() + ": no " + r.getClass().getSimpleName() + "Test");
      }
      if (!WITHOUT_FIXTURES.contains(r.id()) && !Files.isDirectory(Fixtures.root().resolve(r.id()))) {
        missing.add(r.id() + ": no fixture folder");
      }
      if (!Files.isRegularFile(repo().resolve("docs/rules/" + r.id() + ".md"))) {
        missing.add(r.id() + ": no docs/rules/" + r.id() + ".md");
      }
      if (getClass().getClassLoader().getResource("dev/meshprobe/rules/docs/" + r.id() + ".md") == null) {
        missing.add(r.id() + ": docs page not bundled in the jar");
      }
    }
    if (!missing.isEmpty()) {
      fail(String.join("\n", missing));
    }
  }

  @Test
  void fixtureFoldersNameRealRules() {
    for (String folder : Fixtures.ruleFolders()) {
      assertTrue(Rules.byId(folder) != null, "fixture folder " + folder + " names no rule");
    }
  }

  @Test
  void idsAreUniqueAndKebabCase() {
    Set<String> ids = Rules.all().stream().map(Rule::id).collect(Collectors.toSet());
    assertEquals(Rules.all().size(), ids.size());
    for (String id : ids) {
      assertTrue(id.matches("[a-z]+(-[a-z0-9]+)*"), id);
    }
  }
}
