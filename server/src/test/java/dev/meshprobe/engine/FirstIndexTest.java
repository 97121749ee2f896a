package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.SeedManifests;
import dev.meshprobe.rules.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server's first index and a file the editor opens while it runs: the index lets the
 * server act between two files, reads the opened file's folder and every file that may hold mesh facts
 * before the rest, and says when those are in, so that a lint then is already decided by them.
 */
class FirstIndexTest {
  @TempDir Path root;

  private static String filler(int i) {
    // Application files in other folders, with no mesh facts: read after the mesh facts.
    StringBuilder s = new StringBuilder();
    for (int d = 0; d < 20; d++) {
      s.append(SeedManifests.WEB.replace("name: web", "name: app-" + i + "-" + d).replace("namespace: shop", "namespace: team-" + i)).append("---\n");
    }
    return s.toString();
  }

  @Test
  void theOpenedFilesFolderAndTheMeshFactsComeFirstAndAProvisionalLintSeesThem() throws Exception {
    Path web = root.resolve("shop/web.yaml");
    Path mesh = root.resolve("cluster/mesh.yaml");
    Files.createDirectories(web.getParent());
    Files.createDirectories(mesh.getParent());
    Files.writeString(web, SeedManifests.WEB);
    Files.writeString(root.resolve("shop/more.yaml"), SeedManifests.WEB.replace("name: web", "name: more"));
    Files.writeString(mesh, SeedManifests.MESH);
    List<Path> fillers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Path f = root.resolve("team-" + i + "/apps.yaml");
      Files.createDirectories(f.getParent());
      Files.writeString(f, filler(i));
      fillers.add(f);
    }

    Workspace ws = new Workspace(List.of(root), Log.SILENT);
    ws.compactClosedFiles(true);
    // The editor is opening web.yaml (the language server says so as its didOpen arrives).
    ws.keepWhole(web::equals);
    List<String> provisional = new ArrayList<>();
    List<Finding> provisionalFindings = new ArrayList<>();
    int[] calls = new int[2];
    List<Set<Path>> storedAtMeshFacts = new ArrayList<>();
    ws.indexFolders((done, total) -> {}, new Workspace.IndexHooks() {
      @Override
      public void between() {
        if (calls[0]++ == 0) {
          // The didOpen, handed over by the index: linted with what is indexed so far.
          ws.openFile(web, SeedManifests.WEB);
          ws.indexedSoFar();
          ws.lint(web);
        }
      }

      @Override
      public void meshFactsIn() {
        calls[1]++;
        storedAtMeshFacts.add(Set.copyOf(ws.files()));
        ws.indexedSoFar();
        provisionalFindings.addAll(ws.lint(web));
        provisional.addAll(describe(provisionalFindings));
      }
    });

    assertTrue(calls[0] > 0, "the index lets the server act between files");
    assertEquals(1, calls[1], "the mesh facts are announced once");
    Set<Path> stored = storedAtMeshFacts.get(0);
    assertTrue(stored.contains(mesh), "the file with the Namespace and the policy is in: " + stored);
    assertTrue(stored.contains(root.resolve("shop/more.yaml")), "the opened file's folder is in");
    assertTrue(provisional.stream().anyMatch(f -> f.startsWith("probe-blocked-by-strict-mtls")), "decided with the policy: " + provisional);
    List<Finding> last = ws.lint(web);
    assertEquals(describe(last), provisional, "the provisional lint after the mesh facts is the final one");
    for (int i = 0; i < last.size(); i++) {
      assertTrue(last.get(i) == provisionalFindings.get(i), "no mesh fact came after it, so nothing is decided again: " + last.get(i));
    }
    assertTrue(ws.files().containsAll(fillers), "every file is indexed in the end");
  }

  @Test
  void theScanPicksTheKindsThatHoldMeshFactsFromTheBytesAlone() {
    for (String yes : List.of("kind: Namespace\n", "apiVersion: v1\nkind: \"PeerAuthentication\"\n", "{\"kind\":\"MeshPolicy\"}",
        "kind:   IstioOperator", "- kind: Policy\n", "data:\n  x: istio-sidecar-injector-config\n",
        "kind: ConfigMap\nmetadata:\n  name: istio\n")) {
      assertTrue(MeshScan.mayHoldMeshFacts(yes.getBytes(StandardCharsets.UTF_8)), yes);
    }
    for (String no : List.of("kind: Deployment\nspec:\n  imagePullPolicy: Always\n", "kind: ConfigMap\nmetadata:\n  name: app\n",
        "# the kind of namespace we want\nkind: Service\n", "kinds: [Namespace]\n")) {
      assertFalse(MeshScan.mayHoldMeshFacts(no.getBytes(StandardCharsets.UTF_8)), no);
    }
  }

  private static List<String> describe(List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      out.add(f.rule() + " " + f.where().start() + " " + f.message());
    }
    return out;
  }
}
