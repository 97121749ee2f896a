package dev.meshprobe.lsp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Workspace notifications: settings changes and file watcher events. */
final class WorkspaceServiceImpl implements WorkspaceService {
  private final MeshprobeServer server;

  WorkspaceServiceImpl(MeshprobeServer server) {
    this.server = server;
  }

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    Params.required(params, "params");
    Map<String, Object> settings = MeshprobeServer.settings(params.getSettings());
    // Clients that support workspace/configuration send an empty notification and expect a pull.
    var ws = server.capabilities.getWorkspace();
    if (ws != null && Boolean.TRUE.equals(ws.getConfiguration())) {
      server.session.pullConfiguration();
    } else if (settings != null) {
      server.session.applySettings(settings);
    }
  }

  /** A pull client's workspace-wide request (diagnostics.scope: workspace): held until something changed. */
  @Override
  public CompletableFuture<WorkspaceDiagnosticReport> diagnostic(WorkspaceDiagnosticParams params) {
    return server.workspaceDiagnostics.request(params);
  }

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    List<FileEvent> changes = Params.required(Params.required(params, "params").getChanges(), "changes");
    for (FileEvent e : changes) {
      Params.required(Params.required(e, "changes[]").getUri(), "changes[].uri");
    }
    for (FileEvent e : changes) {
      server.session.watchedFileChanged(e.getUri());
    }
  }
}
