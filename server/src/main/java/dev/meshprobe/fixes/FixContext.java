package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Probe;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ProbeVerdict;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YamlFile;
import java.util.function.Supplier;

/**
 * What a fix needs to know about one finding, gathered by the engine on the current text: the file and
 * its parse, the resource and probe the finding is about (null when it has none), the mesh model for
 * the verdict, and where a configuration suppression would go.
 */
public final class FixContext {
  /**
   * The {@code .meshprobe.yaml} nearest to the manifest ({@code text} null when it does not exist yet
   * and would be created), its path for titles, and the manifest's path relative to the workspace root
   * for {@code ignore: - path:} entries.
   */
  public record ConfigTarget(String file, String text, String displayPath, String manifestPath) {}

  private final Finding finding;
  private final String file;
  private final String text;
  private final YamlFile yaml;
  private final Resource resource;
  private final Probe probe;
  private final MeshModel mesh;
  private final ConfigTarget config;
  private final Supplier<TextStyle> style;
  private ProbeVerdict verdict;

  public FixContext(Finding finding, String file, String text, YamlFile yaml, Resource resource, Probe probe, MeshModel mesh,
      ConfigTarget config) {
    this.finding = finding;
    this.file = file;
    this.text = text;
    this.yaml = yaml;
    this.resource = resource;
    this.probe = probe;
    this.mesh = mesh;
    this.config = config;
    TextStyle[] memo = new TextStyle[1];
    this.style = () -> {
      if (memo[0] == null) {
        memo[0] = TextStyle.of(text, yaml);
      }
      return memo[0];
    };
  }

  public Finding finding() {
    return finding;
  }

  public String rule() {
    return finding.rule();
  }

  public String file() {
    return file;
  }

  public String text() {
    return text;
  }

  public YamlFile yaml() {
    return yaml;
  }

  public Resource resource() {
    return resource;
  }

  /** The resource's workload: the probe's own when there is one (derived already), else derived now. */
  public Workload workload() {
    if (probe != null && probe.container().pod().workload().resource() == resource) {
      return probe.container().pod().workload();
    }
    return resource == null ? null : Workload.of(resource);
  }

  public Probe probe() {
    return probe;
  }

  public MeshModel mesh() {
    return mesh;
  }

  public ConfigTarget config() {
    return config;
  }

  /** The mesh model's verdict on the probe (computed once). */
  public ProbeVerdict verdict() {
    if (verdict == null && probe != null) {
      verdict = mesh.verdict(probe);
    }
    return verdict;
  }

  TextStyle style() {
    return style.get();
  }

  /** An editor for the document of the finding's resource. */
  YamlEditor editor() {
    return new YamlEditor(text, style(), resource.anchor().start());
  }
}
