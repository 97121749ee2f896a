package dev.meshprobe.lsp;

import java.util.List;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;

/** The client as Meshprobe sees it: LSP plus a status notification the bundled clients show. */
public interface MeshprobeClient extends LanguageClient {
  /**
   * {@code {"state": "indexing"|"ready", "istioVersion": "1.30", "files": N, "missingTools": [...]}}:
   * {@code missingTools} says, one sentence each, which of helm and kustomize a chart or kustomization of
   * the workspace needs but was not found, and the setting that points at it ({@code tools.helm}). While
   * the first index runs, {@code "provisional": [URI...]} lists the open documents whose diagnostics were
   * published from the files indexed so far (they are published again, if they changed, once the state
   * is "ready").
   */
  @JsonNotification("meshprobe/status")
  void status(StatusParams params);

  record StatusParams(String state, String istioVersion, int files, List<String> missingTools, List<String> provisional) {
    public StatusParams(String state, String istioVersion, int files) {
      this(state, istioVersion, files, List.of(), null);
    }
  }
}
