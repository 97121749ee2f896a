package dev.meshprobe.bench.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.UnregistrationParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The editor's side: records when each {@code publishDiagnostics} arrived (the time its last byte was
 * read from the server's output, before this driver parsed its JSON: a 100 KB publication takes this
 * JVM a few milliseconds to parse, which is the editor's work, not the server's), answers the server's requests as an editor with no special
 * settings would, and writes the server's log messages to a file.
 */
public class Client implements LanguageClient {
  /** A publication and when it arrived ({@link System#nanoTime()}). */
  public record Arrival(long nanos, PublishDiagnosticsParams params) {}

  final LinkedBlockingQueue<Arrival> diagnostics = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<JsonObject> statuses = new LinkedBlockingQueue<>();
  /** Every {@code meshprobe/status} with its arrival time, in order. */
  final List<Status> statusLog = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A {@code meshprobe/status} and when it arrived. */
  record Status(long nanos, JsonObject params) {}
  private final PrintStream log;
  /** Process start ({@link System#nanoTime()}); log lines carry the time since. */
  volatile long t0 = System.nanoTime();
  /** When the server's output last gave bytes: LSP4J reads a message whole, then parses and dispatches it. */
  private volatile long lastBytes = System.nanoTime();

  public Client(Path logFile) throws IOException {
    this.log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
  }

  /** The server's output, noting when each read returned bytes. */
  InputStream arrivals(InputStream serverOutput) {
    return new FilterInputStream(serverOutput) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        lastBytes = System.nanoTime();
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        lastBytes = System.nanoTime();
        return n;
      }
    };
  }

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams params) {
    long now = lastBytes;
    diagnostics.add(new Arrival(now, params));
    log.printf(java.util.Locale.ROOT, "[+%.0f ms] publishDiagnostics version %s: %d%n", (now - t0) / 1e6, params.getVersion(), params.getDiagnostics().size());
  }

  /** Meshprobe's indexing status. */
  @JsonNotification("meshprobe/status")
  public void status(JsonObject params) {
    statusLog.add(new Status(lastBytes, params));
    line("status " + params);
    statuses.add(params);
  }

  /** yaml-language-server's notice that its schema store settings are in. */
  @JsonNotification("yaml/schema/store/initialized")
  public void schemaStoreInitialized(Object params) {}

  JsonObject awaitStatus(String state, long timeoutNanos) throws InterruptedException {
    long end = System.nanoTime() + timeoutNanos;
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      JsonObject s = statuses.poll(left, TimeUnit.NANOSECONDS);
      if (s != null && s.has("state") && s.get("state").getAsString().equals(state)) {
        return s;
      }
    }
  }

  /**
   * Settings as an editor with defaults answers them: for yaml-language-server, validation and hover
   * on, and the schema store and Kubernetes CRD store off (they download schemas, and this machine has
   * no network besides package registries); for Meshprobe, an empty settings object.
   */
  @Override
  public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
    List<Object> out = new ArrayList<>();
    for (ConfigurationItem item : params.getItems()) {
      JsonObject o = new JsonObject();
      if ("yaml".equals(item.getSection())) {
        o.add("validate", new JsonPrimitive(true));
        o.add("hover", new JsonPrimitive(true));
        o.add("completion", new JsonPrimitive(true));
        JsonObject off = new JsonObject();
        off.add("enable", new JsonPrimitive(false));
        o.add("schemaStore", off);
        o.add("kubernetesCRDStore", off.deepCopy());
        o.add("schemas", new JsonObject());
      }
      out.add(o);
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void showMessage(MessageParams messageParams) {
    line("showMessage " + messageParams.getType() + " " + messageParams.getMessage());
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void logMessage(MessageParams message) {
    line(message.getType() + " " + message.getMessage());
  }

  @Override
  public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
    return CompletableFuture.completedFuture(new ApplyWorkspaceEditResponse(false));
  }

  @Override
  public CompletableFuture<Void> registerCapability(RegistrationParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> unregisterCapability(UnregistrationParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams params) {}

  @Override
  public CompletableFuture<Void> refreshDiagnostics() {
    return CompletableFuture.completedFuture(null);
  }

  void note(String s) {
    line("bench: " + s);
  }

  private void line(String s) {
    log.printf(java.util.Locale.ROOT, "[+%.0f ms] %s%n", (System.nanoTime() - t0) / 1e6, s);
  }
}
