package dev.meshprobe.context;

import java.util.List;

/**
 * A context rendered by its tool: the output as the tool printed it, its documents parsed (the build's
 * own annotations taken out of their trees), and what each step cost.
 *
 * @param text the tool's output; document offsets are relative to the document's start in it
 * @param toolNanos wall time of the tool's process
 * @param readNanos time spent parsing the output and preparing the source map (lookups are paid later, per node)
 * @param warnings what the tool printed on standard error although it succeeded (deprecations), or ""
 */
public record Rendered(DeploymentContext context, String text, List<RenderedDocument> documents, long toolNanos, long readNanos,
    String warnings) implements RenderResult {
  public Rendered {
    documents = List.copyOf(documents);
  }
}
