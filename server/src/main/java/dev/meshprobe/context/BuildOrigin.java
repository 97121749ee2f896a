package dev.meshprobe.context;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code config.kubernetes.io/origin} annotation that {@code buildMetadata: [originAnnotations]}
 * makes kustomize write on every object (kustomize api/resource/origin.go): {@code path} of the file
 * that declared it, relative to the folder the build ran in (for a remote resource, relative to the
 * remote repository, with {@code repo} and {@code ref} set); for a generated object, {@code
 * configuredIn} (the kustomization) and {@code configuredBy} (the generator, e.g. {@code
 * ConfigMapGenerator}). Checked with kustomize v5.6.0.
 *
 * @param configuredBy the generator's kind, or null
 */
record BuildOrigin(String path, String repo, String configuredIn, String configuredBy) {
  static final String ORIGIN = "config.kubernetes.io/origin";
  /** What {@code buildMetadata: [transformerAnnotations]} writes; the build's own too, so removed as well. */
  static final String TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations";
  private static final Set<String> BUILD_ANNOTATIONS = Set.of(ORIGIN, TRANSFORMATIONS);

  /** The origin written on a rendered object, or null. */
  static BuildOrigin of(YNode root, YamlParser parser) {
    YMapping metadata = root instanceof YMapping m ? m.mapping("metadata") : null;
    YMapping annotations = metadata == null ? null : metadata.mapping("annotations");
    String text = annotations == null ? null : annotations.string(ORIGIN);
    if (text == null) {
      return null;
    }
    for (YamlDocument d : parser.parse(text).documents()) {
      if (d.root() instanceof YMapping o) {
        YMapping by = o.mapping("configuredBy");
        return new BuildOrigin(o.string("path"), o.string("repo"), o.string("configuredIn"), by == null ? null : by.string("kind"));
      }
    }
    return null;
  }

  boolean isRemote() {
    return repo != null && !repo.isEmpty();
  }

  /**
   * The object without the build's own annotations, so that linting sees what the user wrote: the
   * {@code annotations} mapping loses them, and goes when nothing else is left in it. Only the spine from
   * the root to the annotations is rebuilt; every other node (and every span) is shared.
   */
  static YNode strip(YNode root) {
    if (!(root instanceof YMapping m)) {
      return root;
    }
    YEntry metaEntry = m.entry("metadata");
    YMapping metadata = metaEntry == null ? null : metaEntry.value().asMapping();
    YEntry annEntry = metadata == null ? null : metadata.entry("annotations");
    YMapping annotations = annEntry == null ? null : annEntry.value().asMapping();
    if (annotations == null || annotations.entries().stream().noneMatch(e -> BUILD_ANNOTATIONS.contains(e.keyText()))) {
      return root;
    }
    List<YEntry> kept = new ArrayList<>();
    for (YEntry e : annotations.entries()) {
      if (!BUILD_ANNOTATIONS.contains(e.keyText())) {
        kept.add(e);
      }
    }
    List<YEntry> metaEntries = new ArrayList<>();
    for (YEntry e : metadata.entries()) {
      if (e != annEntry) {
        metaEntries.add(e);
      } else if (!kept.isEmpty()) {
        metaEntries.add(new YEntry(e.key(), new YMapping(kept, annotations.flow(), annotations.start(), annotations.end())));
      }
    }
    YMapping newMeta = new YMapping(metaEntries, metadata.flow(), metadata.start(), metadata.end());
    List<YEntry> rootEntries = new ArrayList<>();
    for (YEntry e : m.entries()) {
      rootEntries.add(e == metaEntry ? new YEntry(e.key(), newMeta) : e);
    }
    return new YMapping(rootEntries, m.flow(), m.start(), m.end());
  }
}
