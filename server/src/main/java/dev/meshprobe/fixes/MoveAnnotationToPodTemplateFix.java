package dev.meshprobe.fixes;

import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import java.util.List;

/**
 * Moves an Istio annotation or label from the workload's own metadata, where the injector never looks,
 * to the pod template's, which the pods it admits carry. When the template already sets the key, the
 * template's value is the one in force and the stray entry is only removed. Changing the template rolls
 * out new pods; running ones keep their injection.
 */
final class MoveAnnotationToPodTemplateFix extends Fix {
  static final String ID = "move-annotation-to-pod-template";

  private final String title;

  private MoveAnnotationToPodTemplateFix(List<FileEdit> edits, String title) {
    super(edits);
    this.title = title;
  }

  static Fix offer(FixContext c) {
    Workload w = c.workload();
    Resource r = c.resource();
    if (w == null || w.kind().isPod() || r.metadata() == null) {
      return null;
    }
    YamlEditor ed = c.editor();
    YEntry metadata = YamlEditor.own(r.node(), "metadata");
    for (String field : new String[] {"annotations", "labels"}) {
      YEntry holder = YamlEditor.own(r.metadata(), field);
      if (holder == null || !(holder.value() instanceof YMapping map) || !YamlEditor.isLocal(r.metadata(), holder)) {
        continue;
      }
      for (YEntry e : map.entries()) {
        if (ed.start(e.key()) != c.finding().where().start() || e.keyText() == null || !YamlEditor.isLocal(map, e)) {
          continue;
        }
        String what = field.equals("labels") ? "label" : "annotation";
        List<TextEdit> remove = map.entries().size() == 1
            ? ed.removeEntry(r.metadata(), holder, List.of())
            : ed.removeEntry(map, e, List.of());
        if (metadata == null || !YamlEditor.isLocal(r.node(), metadata)) {
          return null;
        }
        YMapping template = w.pod().node();
        if (templateHas(template, field, e.keyText())) {
          List<FileEdit> edits = single(c, remove);
          return edits == null ? null : new MoveAnnotationToPodTemplateFix(edits,
              "Remove the " + what + " `" + e.keyText() + "` from the " + r.kind() + " (the pod template already sets it)");
        }
        List<TextEdit> add = ed.addAt(template, List.of("metadata", field), e.keyText(), value(ed, e.value()));
        List<FileEdit> edits = single(c, both(remove, add));
        return edits == null ? null : new MoveAnnotationToPodTemplateFix(edits, "Move the " + what + " `" + e.keyText() + "` to the pod template");
      }
    }
    return null;
  }

  private static boolean templateHas(YMapping template, String field, String key) {
    YMapping md = template.mapping("metadata");
    YMapping m = md == null ? null : md.mapping(field);
    return m != null && m.get(key) != null;
  }

  /**
   * The value as the author quoted it when it sits on one line (quoted scalars read the same in block
   * and flow context); a plain value is re-checked for the place it goes to; anything else is
   * double-quoted.
   */
  private static Out value(YamlEditor ed, YNode v) {
    if (v instanceof YScalar s && !YamlEditor.isEmptyNull(s)) {
      String source = ed.text().substring(ed.start(s), ed.end(s));
      boolean oneLine = source.indexOf('\n') < 0 && source.indexOf('\r') < 0;
      boolean quoted = s.style() == YScalar.Style.SINGLE_QUOTED || s.style() == YScalar.Style.DOUBLE_QUOTED;
      if (quoted && oneLine) {
        return Out.plain(source);
      }
      return s.isPlain() && s.tag() == null ? Out.str(s.value()) : Out.quoted(s.value());
    }
    return Out.quoted(v == null || v.text() == null ? "" : v.text());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return title;
  }
}
