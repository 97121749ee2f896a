package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import java.util.List;

/**
 * Removes {@code status.sidecar.istio.io/port: "0"} from the pod template: the sidecar agent then serves
 * its status port (15020) again, which is where the injector points the rewritten probes.
 */
final class RemoveStatusPortAnnotationFix extends Fix {
  static final String ID = "remove-status-port-annotation";

  private RemoveStatusPortAnnotationFix(List<FileEdit> edits) {
    super(edits);
  }

  static Fix offer(FixContext c) {
    Workload w = c.workload();
    YEntry metadata = w == null ? null : YamlEditor.own(w.pod().node(), "metadata");
    YMapping md = metadata != null && metadata.value() instanceof YMapping m ? m : null;
    YEntry holder = YamlEditor.own(md, "annotations");
    YMapping annotations = holder != null && holder.value() instanceof YMapping m ? m : null;
    YEntry e = YamlEditor.own(annotations, MeshModel.STATUS_PORT);
    if (e == null || !YamlEditor.isLocal(md, holder) || !YamlEditor.isLocal(annotations, e)) {
      return null;
    }
    YamlEditor ed = c.editor();
    List<TextEdit> edits = annotations.entries().size() == 1 ? ed.removeEntry(md, holder, List.of()) : ed.removeEntry(annotations, e, List.of());
    List<FileEdit> out = single(c, edits);
    return out == null ? null : new RemoveStatusPortAnnotationFix(out);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Remove the annotation `" + MeshModel.STATUS_PORT + "` so the sidecar serves its status port";
  }
}
