package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.yaml.YamlDocument;
import java.util.List;

/**
 * One document of a workspace file with what the engine derived from it: its anchor (moved, not
 * rebuilt, when an edit elsewhere shifts it), its resources, and its findings cached against the mesh
 * index version and configuration they were computed with.
 */
final class DocState {
  YamlDocument document;
  final Anchor anchor;
  final List<Resource> resources;
  /** The workloads among {@link #resources}, derived once: every lint and every workspace question reuses them. */
  final List<Workload> workloads;
  List<Finding> findings;
  /** The document's {@code meshprobe.dev/ignore} annotations, read once (offsets move with the anchor). */
  List<Suppressions.Marker> annotationMarkers;
  /** The document's {@code meshprobe:ignore} comments, found once in its text (anchored; the line is worked out per lint). */
  List<Suppressions.Marker> commentMarkers;
  /** The resources that hold mesh facts, picked once: a change elsewhere compares these by identity. */
  final List<Resource> meshRelevant;
  /** The workspace's findings clock when {@link #findings} were computed; -1 before. */
  long findingsStamp = -1;
  Config findingsConfig;

  DocState(YamlDocument document, Anchor anchor, List<Resource> resources) {
    this.document = document;
    this.anchor = anchor;
    this.resources = resources;
    List<Workload> ws = new java.util.ArrayList<>();
    for (Resource r : resources) {
      Workload w = Workload.of(r);
      if (w != null) {
        ws.add(w);
      }
    }
    this.workloads = List.copyOf(ws);
    this.meshRelevant = resources.stream().filter(MeshIndex::isMeshRelevant).toList();
  }
}
