package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.NamespaceSource;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.yaml.YamlDocument;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine stages the benchmarks time one by one, reached from the engine's own package (this class
 * lives in the benchmarks module; the engine's stage classes are package-private). Nothing here is
 * used by the server.
 */
public final class BenchAccess {
  private BenchAccess() {}

  /** The model stage: the Kubernetes objects of one parsed document. */
  public static List<Resource> resources(String file, YamlDocument doc) {
    return Resources.of(file, doc, new Anchor(doc.start()), "default",
        new NamespaceSource(NamespaceSource.Kind.ASSUMED, null, "benchmark", null));
  }

  /**
   * The rules stage of one document, uncached: every rule's document, resource, workload and probe
   * hooks, as {@code Workspace} runs them when a document's findings are not cached.
   */
  public static void documentRules(String file, YamlDocument doc, List<Resource> resources, MeshModel mesh, Consumer<Finding> sink) {
    List<Rule> rules = Rules.all();
    Anchor anchor = new Anchor(doc.start());
    for (Rule rule : rules) {
      rule.checkDocument(file, anchor, doc, sink);
    }
    for (Resource r : resources) {
      for (Rule rule : rules) {
        rule.checkResource(r, mesh, sink);
      }
      Workload w = Workload.of(r);
      if (w == null) {
        continue;
      }
      for (Rule rule : rules) {
        rule.checkWorkload(w, mesh, sink);
      }
      for (var c : w.pod().containers()) {
        for (var p : c.probes()) {
          var verdict = mesh.verdict(p);
          for (Rule rule : rules) {
            rule.checkProbe(verdict, mesh, sink);
          }
        }
      }
    }
  }

  /** The workspace-wide rules (PeerAuthentication conflicts and the like), run once. */
  public static void workspaceRules(MeshModel mesh, Consumer<Finding> sink) {
    for (Rule rule : Rules.all()) {
      rule.checkWorkspace(mesh, sink);
    }
  }
}
