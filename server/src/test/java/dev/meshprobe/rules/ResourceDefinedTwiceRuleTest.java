package dev.meshprobe.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.mesh.MeshModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceDefinedTwiceRuleTest {
  @TempDir Path root;

  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("resource-defined-twice");
  }

  @Test
  void oneFilesFindingsAreThoseOfTheWholeWorkspaceThatLandInIt() throws Exception {
    // Namespace shop is defined three times (two files, one of them twice), more twice, each time with
    // another injection label; lone once; same twice alike, which is no choice (13b).
    String shop = SeedManifests.NAMESPACE;
    String off = shop.replace("istio-injection: enabled", "istio-injection: disabled");
    Path a = Files.writeString(root.resolve("a.yaml"), shop + "---\n" + off);
    Path b = Files.writeString(root.resolve("b.yaml"), shop + "---\n" + shop.replace("name: shop", "name: more"));
    Path c = Files.writeString(root.resolve("c.yaml"), off.replace("name: shop", "name: more") + "---\n" + shop.replace("name: shop", "name: lone"));
    Path d = Files.writeString(root.resolve("d.yaml"), shop.replace("name: shop", "name: same"));
    Files.writeString(root.resolve("e.yaml"), shop.replace("name: shop", "name: same"));
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.indexFolders();
    ResourceDefinedTwiceRule rule = new ResourceDefinedTwiceRule();
    assertTrue(rule.answersPerFile());
    MeshModel mesh = ws.meshModel(a);
    List<Finding> all = new ArrayList<>();
    rule.checkWorkspace(mesh, all::add);
    assertEquals(5, all.size(), "three of shop, two of more: " + all);
    for (Path p : List.of(a, b, c)) {
      List<Finding> one = new ArrayList<>();
      rule.checkWorkspace(mesh, p.toString(), one::add);
      assertEquals(describe(all.stream().filter(f -> f.where().file().equals(p.toString())).toList()), describe(one), p.toString());
      assertFalse(one.isEmpty(), p + " holds a definition of an object defined twice");
      assertTrue(describe(ws.lint(p)).containsAll(describe(one)), "a lint of " + p + " reports them");
    }
    List<Finding> alike = new ArrayList<>();
    rule.checkWorkspace(mesh, d.toString(), alike::add);
    assertEquals(List.of(), alike, "copies that say the same are no choice, in one file's answer too");
  }

  private static List<String> describe(List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      if (!f.rule().equals("resource-defined-twice")) {
        continue;
      }
      StringBuilder s = new StringBuilder(f.where().file()).append(':').append(f.where().start()).append(' ').append(f.message());
      f.related().forEach(r -> s.append(" | ").append(r.where().file()).append(':').append(r.where().start()).append(' ').append(r.message()));
      out.add(s.toString());
    }
    return out;
  }
}
