package dev.meshprobe.context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment contexts of a workspace, as {@link ContextDiscovery} found them, and which file
 * belongs to which.
 */
public final class Contexts {
  /** A configuration entry discovery could not use, at its key path (e.g. {@code helm.releases[0].chart}). */
  public record Problem(String keyPath, String message) {}

  private final List<DeploymentContext> all;
  private final PlainContext plain;
  private final Map<Path, List<DeploymentContext>> byFile = new HashMap<>();
  private final List<Problem> problems;
  private final List<Path> templatesWithoutChart;

  Contexts(List<DeploymentContext> rendered, List<PlainContext> declared, PlainContext plain, List<Problem> problems,
      List<Path> templatesWithoutChart) {
    List<DeploymentContext> list = new ArrayList<>(rendered);
    list.addAll(declared);
    list.add(plain);
    this.all = List.copyOf(list);
    this.plain = plain;
    this.problems = List.copyOf(problems);
    this.templatesWithoutChart = List.copyOf(templatesWithoutChart);
    for (DeploymentContext c : all) {
      for (Path f : c.files()) {
        byFile.computeIfAbsent(f, k -> new ArrayList<>()).add(c);
      }
    }
  }

  /** Every context: Kustomize entries and Helm releases, then declared contexts, then the plain files. */
  public List<DeploymentContext> all() {
    return all;
  }

  /** The contexts that are rendered by a tool: Kustomize entries and Helm releases. */
  public List<DeploymentContext> rendered() {
    return all.stream().filter(c -> !(c instanceof PlainContext)).toList();
  }

  /** The workspace's plain context: files no chart, kustomization or declared context claims. */
  public PlainContext plain() {
    return plain;
  }

  /** The contexts a file belongs to (a base used by three overlays: three), in discovery order; empty when none. */
  public List<DeploymentContext> of(Path file) {
    return List.copyOf(byFile.getOrDefault(SourceFiles.key(file), List.of()));
  }

  /**
   * True when a rendered context uses the file (a base, a patch, a template, a values file, a
   * kustomization): it is linted through those contexts only, never as a plain manifest.
   */
  public boolean isUsedByRenderedContext(Path file) {
    return of(file).stream().anyMatch(c -> !(c instanceof PlainContext));
  }

  /** Configuration entries discovery could not use (a release whose chart has no Chart.yaml...). */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Folders holding a {@code templates/} folder of Go templates but no {@code Chart.yaml}: Helm cannot
   * render them (the Istio charts of the corpus are such copies), so their templates stay unanalysed.
   */
  public List<Path> templatesWithoutChart() {
    return templatesWithoutChart;
  }
}
