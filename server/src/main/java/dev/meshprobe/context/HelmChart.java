package dev.meshprobe.context;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A chart folder as Helm names it: the {@code name} of its {@code Chart.yaml} (the first segment of the
 * {@code # Source:} comments of its rendered documents, whatever the folder is called, checked with helm
 * v4.1.4), and its subcharts under {@code charts/} by the name Helm gives them (their own chart name,
 * or the {@code alias} of the parent's dependency). Packaged subcharts ({@code charts/*.tgz}) have no
 * folder to map into.
 */
final class HelmChart {
  final Path dir;
  final String name;
  final Map<String, HelmChart> subcharts = new LinkedHashMap<>();

  private HelmChart(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  static HelmChart read(Path dir, SourceFiles files) {
    Path d = SourceFiles.key(dir);
    YMapping meta = chartYaml(d, files);
    String name = meta == null || meta.string("name") == null ? d.getFileName().toString() : meta.string("name");
    HelmChart chart = new HelmChart(d, name);
    Map<String, String> aliases = new LinkedHashMap<>();
    YSequence deps = meta == null ? null : meta.sequence("dependencies");
    if (deps != null) {
      for (YNode item : deps.items()) {
        if (item instanceof YMapping m && m.string("name") != null && m.string("alias") != null) {
          aliases.put(m.string("alias"), m.string("name"));
        }
      }
    }
    try (Stream<Path> children = Files.list(d.resolve("charts"))) {
      for (Path sub : children.sorted().toList()) {
        if (Files.isRegularFile(sub.resolve("Chart.yaml"))) {
          HelmChart s = read(sub, files);
          chart.subcharts.put(s.name, s);
        }
      }
    } catch (IOException e) {
      // No charts/ folder: no subcharts.
    }
    aliases.forEach((alias, depName) -> {
      HelmChart s = chart.subcharts.get(depName);
      if (s != null) {
        chart.subcharts.put(alias, s);
      }
    });
    return chart;
  }

  private static YMapping chartYaml(Path dir, SourceFiles files) {
    YamlFile y = files.yaml(dir.resolve("Chart.yaml"));
    if (y == null) {
      return null;
    }
    for (YamlDocument doc : y.documents()) {
      if (doc.root() instanceof YMapping m) {
        return m;
      }
    }
    return null;
  }

  /** Where a {@code # Source:} path points: the chart (or subchart) and the file, or null when not in a folder. */
  record Source(List<HelmChart> charts, Path file) {
    /** The chart the template belongs to: the last of the parent-to-subchart chain. */
    HelmChart chart() {
      return charts.get(charts.size() - 1);
    }
  }

  /** Resolves {@code shop/charts/redis/templates/x.yaml} (Helm's chart path + template) against this chart. */
  Source resolve(String sourcePath) {
    String[] parts = sourcePath.split("/");
    if (parts.length < 2 || !parts[0].equals(name)) {
      return null;
    }
    java.util.List<HelmChart> chain = new java.util.ArrayList<>();
    chain.add(this);
    HelmChart current = this;
    int i = 1;
    while (i + 1 < parts.length && parts[i].equals("charts")) {
      HelmChart sub = current.subcharts.get(parts[i + 1]);
      if (sub == null) {
        return null;
      }
      chain.add(sub);
      current = sub;
      i += 2;
    }
    Path file = current.dir;
    for (int k = i; k < parts.length; k++) {
      file = file.resolve(parts[k]);
    }
    return new Source(List.copyOf(chain), file.normalize());
  }
}
