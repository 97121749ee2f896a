package dev.meshprobe.rules;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.util.function.Consumer;

/**
 * A check. Each rule is one small final class annotated with {@link RuleInfo}; it overrides the hooks
 * at the level it works on and asks the workload and mesh models questions rather than walking YAML.
 */
public abstract class Rule {
  private final RuleInfo info;

  protected Rule() {
    this.info = getClass().getAnnotation(RuleInfo.class);
    if (info == null) {
      throw new IllegalStateException(getClass().getName() + " has no @RuleInfo");
    }
  }

  public final String id() {
    return info.id();
  }

  public final Severity defaultSeverity() {
    return info.severity();
  }

  public final String summary() {
    return info.summary();
  }

  public final String href() {
    return info.href();
  }

  /** Problems of a whole file (skipped before it was split into documents). */
  public void checkFile(String file, YamlFile yaml, Consumer<Finding> sink) {}

  /** Problems of the text of one document of {@code file}. */
  public void checkDocument(String file, Anchor anchor, YamlDocument document, Consumer<Finding> sink) {}

  /** One resource (every object, workload or not). */
  public void checkResource(Resource resource, MeshModel mesh, Consumer<Finding> sink) {}

  /** One workload and its pod template. */
  public void checkWorkload(Workload workload, MeshModel mesh, Consumer<Finding> sink) {}

  /** One probe, with the mesh model's verdict on it. */
  public void checkProbe(ProbeVerdict verdict, MeshModel mesh, Consumer<Finding> sink) {}

  /** Problems that need the whole workspace at once; findings may land in any file. */
  public void checkWorkspace(MeshModel mesh, Consumer<Finding> sink) {}

  /**
   * True when the rule gives the findings of {@link #checkWorkspace} that land in one file without
   * deciding the whole workspace ({@link #checkWorkspace(MeshModel, String, Consumer)}): a keystroke
   * then costs that file's share, not the workspace's.
   */
  public boolean answersPerFile() {
    return false;
  }

  /** Of the findings of {@link #checkWorkspace}, those in {@code file}; only when {@link #answersPerFile()}. */
  public void checkWorkspace(MeshModel mesh, String file, Consumer<Finding> sink) {}

  /** Starts a finding of this rule at {@code where}, with the rule's default severity. */
  protected final FindingBuilder finding(SourceRef where, String message) {
    return new FindingBuilder(this, where, message);
  }
}
