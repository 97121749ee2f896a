package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.mesh.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where helm and kustomize are found, and what is said when they are not. */
class ToolFinderTest {
  @TempDir
  Path dir;

  private Path executable(String folder, String name) throws IOException {
    Path p = dir.resolve(folder).resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private ToolFinder withPath(String... folders) {
    return new ToolFinder(Map.of("PATH", String.join(":", java.util.Arrays.stream(folders).map(f -> dir.resolve(f).toString()).toList())));
  }

  private static Setting<String> unset() {
    return Setting.ofDefault(null);
  }

  @Test
  void kustomizeIsPreferredOnThePathThenKubectlKustomize() throws IOException {
    Path kubectl = executable("a", "kubectl");
    assertEquals(List.of(kubectl.toString(), "kustomize"), withPath("a").kustomize(unset()).tool().command());
    Path kustomize = executable("b", "kustomize");
    assertEquals(List.of(kustomize.toString(), "build"), withPath("a", "b").kustomize(unset()).tool().command());
    assertEquals("kubectl kustomize", withPath("a").kustomize(unset()).tool().display());
  }

  @Test
  void aConfiguredKubectlMeansKubectlKustomize() throws IOException {
    Path kubectl = executable("bin", "kubectl");
    assertEquals(List.of(kubectl.toString(), "kustomize"), withPath().kustomize(new Setting<>(kubectl.toString(), ".meshprobe.yaml")).tool().command());
    assertEquals(List.of(kubectl.toString(), "kustomize"), withPath("bin").kustomize(new Setting<>("kubectl", ".meshprobe.yaml")).tool().command());
  }

  @Test
  void aFileThatIsNotExecutableIsNotATool() throws IOException {
    Path notExecutable = dir.resolve("helm");
    Files.writeString(notExecutable, "");
    ToolFinder.Found found = withPath().helm(new Setting<>(notExecutable.toString(), ".meshprobe.yaml"));
    assertNull(found.tool());
    assertTrue(found.missing().contains("tools.helm") && found.missing().contains(".meshprobe.yaml"), found.missing());
  }

  @Test
  void missingToolsNameTheSettingThatPointsAtThem() {
    ToolFinder none = withPath("empty");
    assertEquals("helm was not found on the PATH; install it or set tools.helm to its path", none.helm(unset()).missing());
    assertTrue(none.kustomize(unset()).missing().contains("tools.kustomize"));
    assertTrue(new ToolFinder(Map.of()).helm(unset()).missing().contains("PATH"));
  }

  @Test
  void aConfiguredRelativePathIsRelativeToTheConfigurationFolder() throws IOException {
    Path helm = executable("repo/tools", "helm");
    ToolFinder finder = new ToolFinder(Map.of(), dir.resolve("repo"));
    assertEquals(List.of(helm.toAbsolutePath().normalize().toString()), finder.helm(new Setting<>("./tools/helm", ".meshprobe.yaml")).tool().command());
  }
}
