package dev.meshprobe.yaml;

import static dev.meshprobe.yaml.Trees.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MergeKeyTest {
  private static final String TEXT = """
      defaults: &defaults
        image: app:1
        port: 8080
      probe: &probe
        path: /healthz
        port: 9090
      single:
        <<: *defaults
        port: 80
      several:
        <<: [*probe, *defaults]
        name: web
      nested:
        <<:
          <<: *defaults
          extra: yes
      """;

  @Test
  void mergedKeysAreFoundAndOwnKeysWin() {
    YMapping single = root(TEXT).asMapping().mapping("single");
    assertEquals("app:1", single.string("image"));
    assertEquals("80", single.string("port"));
    assertEquals(List.of("port"), single.keys());
  }

  @Test
  void earlierMappingInAMergeSequenceWins() {
    YMapping several = root(TEXT).asMapping().mapping("several");
    assertEquals("9090", several.string("port"));
    assertEquals("/healthz", several.string("path"));
    assertEquals("app:1", several.string("image"));
    assertEquals("web", several.string("name"));
  }

  @Test
  void mergesNest() {
    YMapping nested = root(TEXT).asMapping().mapping("nested");
    assertEquals("app:1", nested.string("image"));
    assertEquals("yes", nested.string("extra"));
    assertNull(nested.get("missing"));
  }

  @Test
  void quotedMergeKeyIsAnOrdinaryKey() {
    YMapping m = root("base: &b {x: 1}\nuse:\n  '<<': *b\n").asMapping().mapping("use");
    assertNull(m.get("x"));
    assertEquals(List.of("<<"), m.keys());
  }
}
