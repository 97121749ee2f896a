package dev.meshprobe.context;

import java.util.List;

/**
 * Why a context could not be rendered, said so that the user can act on it (DESIGN §9): the engine
 * reports it as one {@code file-not-analysed} on the context's {@link DeploymentContext#entryFile()}.
 *
 * @param message one sentence: what failed and what to do (the setting to set, the tool's own first line)
 * @param toolOutput the first lines the tool printed, for hovers and the CLI's detail lines; empty when it did not run
 */
public record RenderFailure(DeploymentContext context, Reason reason, String message, List<String> toolOutput)
    implements RenderResult {
  public enum Reason {
    /** helm or kustomize/kubectl was not found (on the PATH or where the setting points). */
    TOOL_MISSING,
    /** The tool ran and failed (a missing file, a template error, dependencies not built...). */
    TOOL_FAILED,
    /** The tool did not finish within the time limit and was stopped. */
    TIMED_OUT,
    /** The tool printed more than the size limit allows. */
    OUTPUT_TOO_LARGE
  }

  public RenderFailure {
    toolOutput = List.copyOf(toolOutput);
  }
}
