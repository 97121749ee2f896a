package dev.meshprobe.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.services.LanguageClient;

/** A plain LSP client seen as a {@link MeshprobeClient}: the status notification goes nowhere. */
final class ClientAdapter implements MeshprobeClient {
  private final LanguageClient client;

  ClientAdapter(LanguageClient client) {
    this.client = client;
  }

  @Override
  public void status(StatusParams params) {}

  @Override
  public void telemetryEvent(Object object) {
    client.telemetryEvent(object);
  }

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
    client.publishDiagnostics(diagnostics);
  }

  @Override
  public void showMessage(MessageParams messageParams) {
    client.showMessage(messageParams);
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
    return client.showMessageRequest(requestParams);
  }

  @Override
  public void logMessage(MessageParams message) {
    client.logMessage(message);
  }

  @Override
  public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
    return client.applyEdit(params);
  }

  @Override
  public CompletableFuture<Void> registerCapability(RegistrationParams params) {
    return client.registerCapability(params);
  }

  @Override
  public CompletableFuture<List<Object>> configuration(ConfigurationParams configurationParams) {
    return client.configuration(configurationParams);
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return client.createProgress(params);
  }

  @Override
  public void notifyProgress(ProgressParams params) {
    client.notifyProgress(params);
  }

  @Override
  public CompletableFuture<Void> refreshDiagnostics() {
    return client.refreshDiagnostics();
  }
}
