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
    // web is defined three times (two files, one of them twice), more twice, and a lone object once.
    Path a = Files.writeString(root.resolve("a.yaml"), SeedManifests.WEB + "---\n" + SeedManifests.WEB.replace("image: web:1", "image: web:2"));
    Path b = Files.writeString(root.resolve("b.yaml"), SeedManifests.WEB + "---\n" + SeedManifests.WEB.replace("name: web", "name: more"));
    Path c = Files.writeString(root.resolve("c.yaml"), SeedManifests.WEB.replace("name: web", "name: more")
        + "---\n" + SeedManifests.WEB.replace("name: web", "name: lone"));
    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.indexFolders();
    ResourceDefinedTwiceRule rule = new ResourceDefinedTwiceRule();
    assertTrue(rule.answersPerFile());
    MeshModel mesh = ws.meshModel(a);
    List<Finding> all = new ArrayList<>();
    rule.checkWorkspace(mesh, all::add);
    assertEquals(5, all.size(), "three of web, two of more: " + all);
    for (Path p : List.of(a, b, c)) {
      List<Finding> one = new ArrayList<>();
      rule.checkWorkspace(mesh, p.toString(), one::add);
      assertEquals(describe(all.stream().filter(f -> f.where().file().equals(p.toString())).toList()), describe(one), p.toString());
      assertFalse(one.isEmpty(), p + " holds a definition of an object defined twice");
      assertTrue(describe(ws.lint(p)).containsAll(describe(one)), "a lint of " + p + " reports them");
    }
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
