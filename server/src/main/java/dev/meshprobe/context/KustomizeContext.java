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
 * @param patchFiles those of {@code files} that are patches: never objects of their own, even when the
 *     entry fails to render (DESIGN §9: a patch file is never linted as an object on its own)
 */
public record KustomizeContext(String name, Path entryFile, Set<Path> files, Set<Path> patchFiles, DeclaredContext declared)
    implements DeploymentContext {
  public KustomizeContext {
    files = Set.copyOf(files);
    patchFiles = Set.copyOf(patchFiles);
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
