package dev.meshprobe.lsp;

import java.util.List;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;

/** The client as Meshprobe sees it: LSP plus a status notification the bundled clients show. */
public interface MeshprobeClient extends LanguageClient {
  /**
   * {@code {"state": "indexing"|"ready", "istioVersion": "1.30", "files": N, "missingTools": [...],
   * "rendering": N, "provisional": [URI...]}}: {@code missingTools} says, one sentence each, which of helm
   * and kustomize a chart or kustomization of the workspace needs but was not found, and the setting that
   * points at it ({@code tools.helm}); {@code rendering} is how many charts and Kustomize entries are
   * waiting to be rendered again (a save, a pause in typing) or being rendered. The status is sent again
   * whenever that number changes; a status with {@code rendering: 0} comes after the diagnostics of every
   * render that was due, so a client (or a test) that saw it has what the current texts render to. While
   * the first index runs, {@code provisional} lists the open documents whose diagnostics were published
   * from the files indexed so far (they are published again, if they changed, once the state is "ready").
   */
  @JsonNotification("meshprobe/status")
  void status(StatusParams params);

  record StatusParams(String state, String istioVersion, int files, List<String> missingTools, int rendering, List<String> provisional) {
    public StatusParams(String state, String istioVersion, int files) {
      this(state, istioVersion, files, List.of(), 0, null);
    }
  }
}
