package dev.meshprobe.context;

import dev.meshprobe.mesh.Setting;
import java.nio.file.Path;
import java.util.Set;

/**
 * Plain files, linted as they are: the workspace's plain context (every file no chart or kustomization
 * uses and no declared context claims), or a context declared in {@code contexts:}.
 *
 * @param declared the declared context, or null for the workspace's plain context
 */
public record PlainContext(Set<Path> files, DeclaredContext declared) implements DeploymentContext {
  public PlainContext {
    files = Set.copyOf(files);
  }

  @Override
  public String id() {
    return declared == null ? "plain" : "declared:" + declared.name();
  }

  @Override
  public String name() {
    return declared == null ? "plain files" : declared.name();
  }

  @Override
  public Path entryFile() {
    return null;
  }

  @Override
  public Setting<String> namespace() {
    return declared == null || declared.namespace() == null ? null : new Setting<>(declared.namespace(), declared.source());
  }
}
