package dev.meshprobe.fixes;

import dev.meshprobe.mesh.GoBool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For a probe decided in a Helm release or a Kustomize entry (DESIGN §9): turns probe rewriting on where
 * the rendered {@code sidecar.istio.io/rewriteAppHTTPProbers: "false"} was written, which the source map
 * found as literal text the user edits: the overlay's patch, a kustomization's {@code commonAnnotations},
 * the chart's {@code values.yaml} entry that a template action copied, the template's own literal value.
 * Only the value's text changes, its quoting kept; nothing is ever written through a template action.
 */
final class EnableProbeRewriteAtSourceFix extends Fix {
  private final String where;

  private EnableProbeRewriteAtSourceFix(List<FileEdit> edits, String where) {
    super(edits);
    this.where = where;
  }

  /** The fix, or null when a source is not a false boolean any more (the text moved on) or sources overlap. */
  static Fix offer(List<Fixes.Source> sources) {
    if (sources.isEmpty()) {
      return null;
    }
    Map<String, List<TextEdit>> byFile = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    for (Fixes.Source s : sources) {
      if (s.start() < 0 || s.end() > s.text().length() || s.start() >= s.end()) {
        return null;
      }
      String value = s.text().substring(s.start(), s.end());
      String quote = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.endsWith(value.substring(0, 1))
          ? value.substring(0, 1) : "";
      String bare = quote.isEmpty() ? value : value.substring(1, value.length() - 1);
      if (!Boolean.FALSE.equals(GoBool.parse(bare.strip()))) {
        return null;
      }
      TextEdit e = TextEdit.replace(s.start(), s.end(), (quote.isEmpty() ? "\"" : quote) + "true" + (quote.isEmpty() ? "\"" : quote));
      List<TextEdit> edits = byFile.computeIfAbsent(s.file(), k -> new ArrayList<>());
      if (!edits.contains(e)) {
        edits.add(e);
      }
      texts.put(s.file(), s.text());
    }
    List<FileEdit> out = new ArrayList<>();
    for (Map.Entry<String, List<TextEdit>> e : byFile.entrySet()) {
      List<FileEdit> one = single(e.getKey(), texts.get(e.getKey()), e.getValue());
      if (one == null) {
        return null;
      }
      out.addAll(one);
    }
    String where = String.join(" and ", byFile.keySet().stream().map(f -> String.valueOf(Path.of(f).getFileName())).distinct().toList());
    return new EnableProbeRewriteAtSourceFix(out, where);
  }

  @Override
  public String id() {
    return EnableProbeRewriteFix.ID;
  }

  @Override
  public String title() {
    return "Enable Istio probe rewrite for this pod in " + where;
  }
}
