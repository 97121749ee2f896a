package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.nio.file.Path;
import java.util.Set;

/**
 * A Kustomize entry: a kustomization no other kustomization of the workspace includes, built on its
 * own (an overlay, an environment).
 *
 * @param name the entry's folder relative to the discovery's base folder ({@code overlays/prod})
 * @param entryFile its kustomization file
 * @param files the kustomization files of the entry and of everything it includes, and the files they read
 */
public record KustomizeContext(String name, Path entryFile, Set<Path> files, DeclaredContext declared) implements DeploymentContext {
  public KustomizeContext {
    files = Set.copyOf(files);
  }

  @Override
  public String id() {
    return "kustomize:" + name;
  }

  public Path folder() {
    return entryFile.getParent();
  }

  @Override
  public Setting<String> namespace() {
    return null;
  }
}
