package dev.meshprobe.engine;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.yaml.YamlFile;
import java.nio.file.Path;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.ServiceInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A workspace file as last seen (open buffer or disk): its text and parsed documents, or why it was
 * not read.
 */
public final class FileState {
  final Path path;
  final String key;
  final SourceText source;
  final YamlFile yaml;
  final List<DocState> documents;
  final String notRead;
  final Config config;
  /** A Helm chart template: not linted, never a syntax error. */
  final boolean template;
  /**
   * Only what other files need was kept (positions, and the documents that hold mesh facts or
   * workloads, without their text): a file the language server has indexed but that is not open.
   */
  final boolean compacted;

  FileState(Path path, SourceText source, YamlFile yaml, List<DocState> documents, String notRead, Config config) {
    this(path, source, yaml, documents, notRead, config, false);
  }

  FileState(Path path, SourceText source, YamlFile yaml, List<DocState> documents, String notRead, Config config, boolean template) {
    this(path, source, yaml, documents, notRead, config, template, false);
  }

  FileState(Path path, SourceText source, YamlFile yaml, List<DocState> documents, String notRead, Config config, boolean template,
      boolean compacted) {
    this.path = path;
    this.key = path.toString();
    this.source = source;
    this.yaml = yaml;
    this.documents = documents;
    this.notRead = notRead;
    this.config = config;
    this.template = template;
    this.compacted = compacted;
  }

  public Path path() {
    return path;
  }

  /** The file's text, or null when it was not read (binary, not UTF-8). */
  public SourceText source() {
    return source;
  }

  public YamlFile yaml() {
    return yaml;
  }

  /** Every resource of the file, in order. */
  public List<Resource> resources() {
    List<Resource> out = new ArrayList<>();
    for (DocState d : documents) {
      out.addAll(d.resources());
    }
    return out;
  }

  /**
   * True when the file holds workloads or mesh facts, so that its findings may change when another
   * file's mesh facts change; a file without them changes its findings only when its own text does.
   * (A compacted file kept only such documents.)
   */
  public boolean dependsOnMesh() {
    for (DocState d : documents) {
      if (d.packed != null || d.workloadCount() > 0 || !d.meshRelevant.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The configuration in force for this file. */
  public Config config() {
    return config;
  }

  /** The objects of a file (null: none) that hold mesh facts, picked once per document. */
  static List<Resource> meshRelevant(FileState f) {
    List<Resource> out = new ArrayList<>();
    if (f != null) {
      for (DocState d : f.documents) {
        if (d.meshRelevant != null) {
          out.addAll(d.meshRelevant);
          continue;
        }
        if (!d.mayBeMeshRelevant()) {
          continue;
        }
        for (Resource r : d.resources()) {
          if (MeshIndex.isMeshRelevant(r)) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  /** Every Service of these files, in order. */
  static List<Resource> services(Collection<FileState> states) {
    List<Resource> out = new ArrayList<>();
    for (FileState f : states) {
      for (DocState d : f.documents) {
        if (d.mayBeMeshRelevant()) {
          for (Resource r : d.resources()) {
            if (ServiceInfo.isService(r)) {
              out.add(r);
            }
          }
        }
      }
    }
    return out;
  }
}
