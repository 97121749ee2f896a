package dev.meshprobe.context;

import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a Kustomize entry with the user's kustomize (or {@code kubectl kustomize}) without writing into
 * the user's tree: a wrapper kustomization in a fresh temporary folder lists the entry as its only
 * resource and adds {@code buildMetadata: [originAnnotations]}, so every object names the file that
 * declared it.
 *
 * <p>What kustomize v5.6.0 does with such a wrapper (checked with the real tool): an absolute path in
 * {@code resources} is refused ("new root cannot be absolute"), so the entry is listed by a relative path
 * from the temporary folder; a folder outside the wrapper's root is allowed (load restrictions concern
 * files, and every kustomization keeps its own root), so the entry loads with exactly the restrictions of
 * a plain {@code kustomize build} of it; origin paths are written relative to the wrapper's folder. A
 * kustomize too old to know {@code buildMetadata} fails on it; the entry is then built directly and
 * objects are found in their files by kind and name.
 */
final class KustomizeRenderer {
  private final RenderSetup setup;

  KustomizeRenderer(RenderSetup setup) {
    this.setup = setup;
  }

  RenderResult render(KustomizeContext context) throws InterruptedException {
    return render(context, Map.of());
  }

  /**
   * Builds the entry with {@code overlay} (file to unsaved text) in place of what those files hold on
   * disk: the entry's files are then built from a {@link ShadowTree}, and origins mapped back by their
   * paths relative to the entry.
   */
  RenderResult render(KustomizeContext context, Map<Path, String> overlay) throws InterruptedException {
    ToolFinder.Found found = setup.tools().kustomize(setup.settings().kustomize());
    if (found.tool() == null) {
      return ToolFailures.missing(context, found.missing());
    }
    if (overlay.isEmpty()) {
      return build(context, found.tool(), context.folder());
    }
    List<Path> folders = context.files().stream().map(Path::getParent).toList();
    try (ShadowTree shadow = ShadowTree.of(ShadowTree.commonFolder(folders), List.of(), context.files(), overlay)) {
      return shadow.unmap(build(context, found.tool(), shadow.map(context.folder())));
    } catch (IOException e) {
      return new RenderFailure(context, RenderFailure.Reason.TOOL_FAILED, "the unsaved files could not be copied to build them: "
          + e.getMessage(), List.of());
    }
  }

  private RenderResult build(KustomizeContext context, Tool tool, Path entryFolder) throws InterruptedException {
    Duration timeout = setup.settings().timeout();
    Path wrapper = null;
    try {
      Path entryReal = entryFolder.toRealPath();
      wrapper = Files.createTempDirectory("meshprobe-kustomize-").toRealPath();
      String rel = wrapper.relativize(entryReal).toString().replace('\\', '/');
      Files.writeString(wrapper.resolve("kustomization.yaml"), wrapperText(rel), StandardCharsets.UTF_8);
      String marker = "recursed accumulation of path '" + entryReal + "': ";
      ExternalProcess.Outcome out = run(tool, wrapper, wrapper);
      RenderFailure failure = ToolFailures.of(context, tool, out, timeout, setup.maxOutputBytes(), line -> cleanWrapper(line, marker));
      if (failure != null && failure.reason() == RenderFailure.Reason.TOOL_FAILED && out.stderr().contains("buildMetadata")) {
        out = run(tool, entryReal, wrapper);
        failure = ToolFailures.of(context, tool, out, timeout, setup.maxOutputBytes(), line -> line);
        wrapper = deleteQuietly(wrapper);
      }
      if (failure != null) {
        return failure;
      }
      return read(context, out, wrapper, entryReal);
    } catch (IOException e) {
      return new RenderFailure(context, RenderFailure.Reason.TOOL_FAILED, tool.display() + " could not be run: " + e.getMessage(),
          List.of());
    } finally {
      deleteQuietly(wrapper);
    }
  }

  private ExternalProcess.Outcome run(Tool tool, Path folder, Path workDir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(tool.command());
    command.add(folder.toString());
    return ExternalProcess.run(command, workDir, setup.tools().env(), setup.settings().timeout(), setup.maxOutputBytes());
  }

  static String wrapperText(String relativeEntry) {
    // A JSON string is a YAML string: any folder name is written safely.
    String quoted = "\"" + relativeEntry.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return "# Written by Meshprobe to build the entry with origin annotations; deleted after the build.\n"
        + "apiVersion: kustomize.config.k8s.io/v1beta1\n"
        + "kind: Kustomization\n"
        + "resources:\n"
        + "  - " + quoted + "\n"
        + "buildMetadata: [originAnnotations]\n";
  }

  /** The wrapper's own layer of an error ("accumulating resources from '../../work/...'") is not the user's: cut it. */
  private static String cleanWrapper(String line, String marker) {
    int at = line.indexOf(marker);
    return at < 0 ? line : "error: " + line.substring(at + marker.length());
  }

  private RenderResult read(KustomizeContext context, ExternalProcess.Outcome out, Path wrapper, Path entryReal) {
    long t0 = System.nanoTime();
    YamlFile yaml = setup.parser().parse(out.stdout());
    Map<Integer, KustomizeSourceMap.DocInfo> infos = new HashMap<>();
    List<YamlDocument> docs = new ArrayList<>();
    for (YamlDocument d : yaml.documents()) {
      if (d.root() == null) {
        continue;
      }
      BuildOrigin origin = wrapper == null ? null : BuildOrigin.of(d.root(), setup.parser());
      YNode stripped = BuildOrigin.strip(d.root());
      docs.add(stripped == d.root() ? d : new YamlDocument(d.index(), d.start(), d.text(), stripped, d.problems()));
      Path originFile = origin == null || origin.isRemote() || origin.path() == null ? null
          : toWorkspace(origin.path(), wrapper, entryReal, context.folder());
      Path configuredIn = origin == null || origin.isRemote() || origin.configuredIn() == null ? null
          : toWorkspace(origin.configuredIn(), wrapper, entryReal, context.folder());
      infos.put(d.index(), new KustomizeSourceMap.DocInfo(origin, originFile, configuredIn, ObjectId.of(d.root())));
    }
    KustomizeSourceMap map = new KustomizeSourceMap(new KustomizeTree(context.entryFile(), setup.files()), setup.files(), setup.parser(), infos);
    List<RenderedDocument> rendered = new ArrayList<>(docs.size());
    for (YamlDocument d : docs) {
      rendered.add(new RenderedDocument(d, infos.get(d.index()).originFile(), map));
    }
    return new Rendered(context, out.stdout(), rendered, out.nanos(), System.nanoTime() - t0, out.stderr().strip());
  }

  /**
   * An origin path (relative to the wrapper's folder, where both folders were resolved to real paths)
   * as the workspace names it: relative to the entry's real folder, then from the entry folder as given.
   */
  static Path toWorkspace(String originPath, Path wrapper, Path entryReal, Path entryFolder) {
    Path real = wrapper.resolve(originPath).normalize();
    return SourceFiles.key(entryFolder.resolve(entryReal.relativize(real)));
  }

  private static Path deleteQuietly(Path dir) {
    if (dir == null) {
      return null;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary folder left behind is harmless; the system cleans its temporary files.
    }
    return null;
  }
}
