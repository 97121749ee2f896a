package dev.meshprobe.lsp;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;

/** The client as Meshprobe sees it: LSP plus a status notification the bundled clients show. */
public interface MeshprobeClient extends LanguageClient {
  /** {@code {"state": "indexing"|"ready", "istioVersion": "1.30", "files": N}}. */
  @JsonNotification("meshprobe/status")
  void status(StatusParams params);

  record StatusParams(String state, String istioVersion, int files) {}
}
