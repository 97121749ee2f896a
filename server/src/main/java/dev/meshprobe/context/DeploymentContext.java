package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.nio.file.Path;
import java.util.Set;

/**
 * One set of objects applied to one cluster together (DESIGN §9): the plain files of the workspace (or
 * of a declared context), a Kustomize entry, or a Helm release. Every verdict is decided inside one.
 */
public sealed interface DeploymentContext permits PlainContext, KustomizeContext, HelmContext {
  /** Unique within a discovery: {@code plain}, {@code declared:prod}, {@code kustomize:overlays/prod}, {@code helm:charts/shop#shop}. */
  String id();

  /** How messages name it: the declared name, the entry's folder, the release name. */
  String name();

  /**
   * The file a problem of the whole context is reported on: the entry kustomization or the chart's
   * {@code Chart.yaml}; null for plain files.
   */
  Path entryFile();

  /** The files that belong to the context (for Kustomize and Helm: every file it uses). */
  Set<Path> files();

  /**
   * The namespace of objects that name none, when the context gives one: a Helm release's namespace
   * (configured, or {@code default} with no source: assumed), a declared context's; null otherwise (a
   * kustomization's {@code namespace:} is already in its rendered objects).
   */
  Setting<String> namespace();

  /** The declared context this one falls under (its entry file matches the declared paths), or null. */
  DeclaredContext declared();
}
