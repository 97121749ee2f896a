package dev.meshprobe.context;

import dev.meshprobe.engine.Config;
import dev.meshprobe.engine.ConfigBuilder;
import dev.meshprobe.engine.ConfigFile;
import dev.meshprobe.yaml.ParseLimits;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder discovered and rendered as the engine will do it: its {@code .meshprobe.yaml} read with the
 * engine's configuration code, the test tools filled in, every file of the folder in the workspace.
 */
final class Scenario {
  final Path folder;
  final SourceFiles files = SourceFiles.fromDisk();
  final ContextSettings settings;
  final Contexts contexts;
  private final ContextRenderer renderer;
  private final Map<String, RenderResult> results = new HashMap<>();

  Scenario(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
    Config config = Config.DEFAULT;
    Path cfg = this.folder.resolve(ConfigFile.NAME);
    if (Files.isRegularFile(cfg)) {
      ConfigBuilder b = new ConfigBuilder(Config.DEFAULT);
      ConfigFile.parse(cfg, SourceFiles.readDisk(cfg)).applyTo(b);
      config = b.build();
    }
    this.settings = TestTools.withTools(config.contexts());
    this.contexts = new ContextDiscovery(settings, files).discover(this.folder, allFiles(this.folder));
    this.renderer = new ContextRenderer(settings, files, TestTools.env(), ParseLimits.DEFAULT);
  }

  static List<Path> allFiles(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DeploymentContext context(String name) {
    return contexts.rendered().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  RenderResult render(DeploymentContext c) {
    return results.computeIfAbsent(c.id(), id -> {
      try {
        return renderer.render(c);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  /** The rendered document of {@code kind}/{@code name}, or null. */
  static RenderedDocument document(Rendered r, String kind, String name) {
    for (RenderedDocument d : r.documents()) {
      if (d.document().root() instanceof YMapping m && kind.equals(m.string("kind")) && name.equals(ObjectId.nameOf(m))) {
        return d;
      }
    }
    return null;
  }

  /** The key node ({@code key}) or value node at {@code path} below {@code root}, or null. */
  static YNode node(YNode root, List<Object> path, boolean key) {
    YNode n = root;
    YNode lastKey = null;
    for (Object step : path) {
      if (step instanceof String k && n instanceof YMapping m) {
        YEntry e = m.entry(k);
        if (e == null) {
          return null;
        }
        lastKey = e.key();
        n = e.value();
      } else if (step instanceof Integer i && n instanceof YSequence s && i < s.items().size()) {
        lastKey = null;
        n = s.items().get(i);
      } else {
        return null;
      }
    }
    return key ? lastKey : n;
  }

  /** {@code file:line:column 'text'} of a location, 1-based, for failure messages. */
  static String describe(Location l) {
    if (l == null) {
      return "nothing";
    }
    String text = SourceFiles.readDisk(l.file());
    if (text == null) {
      return l.toString();
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(l.start(), text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    String at = text.substring(Math.min(l.start(), text.length()), Math.min(l.end(), text.length()));
    return l.file().getFileName() + ":" + line + ":" + (l.start() - lineStart + 1) + " '" + at + "' " + l.origin().name().toLowerCase()
        + (l.literal() ? " literal" : " inexact");
  }
}
