package dev.meshprobe.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import dev.meshprobe.Version;
import dev.meshprobe.engine.Log;
import dev.meshprobe.engine.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.DiagnosticRegistrationOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SetTraceParams;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The language server. Protocol handlers run on LSP4J's reader thread and only hand work to the
 * engine thread, which owns the {@link Workspace}; nothing here waits for the client.
 */
public final class MeshprobeServer implements LanguageServer, LanguageClientAware {
  private static final Gson GSON = new Gson();

  private final ExecutorService engine = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "meshprobe-engine");
    t.setDaemon(true);
    return t;
  });
  final Uris uris = new Uris();
  final Session session = new Session(this);
  final WorkspaceDiagnostics workspaceDiagnostics = new WorkspaceDiagnostics(this);
  final ContextRenders renders = new ContextRenders(this);
  private final DocumentService documents = new DocumentService(this);
  private final WorkspaceServiceImpl workspaceService = new WorkspaceServiceImpl(this);
  private final CodeActions actions = new CodeActions(this);
  MeshprobeClient client;
  Workspace workspace;
  ClientCapabilities capabilities = new ClientCapabilities();
  /** How hovers and rule links are written for this client. */
  RulePages rulePages = new RulePages(capabilities);
  /** Set on the protocol's reader thread, which handles messages in order: the lifecycle as the client sent it. */
  private volatile boolean initialized;
  private volatile boolean initializedNotified;
  private volatile boolean shutdown;
  private Runnable onExit = () -> System.exit(exitCode());
  /** Held while one message is written; once {@link #outputClosed}, nothing more is written. */
  private final Object output = new Object();
  private boolean outputClosed;

  @Override
  public void connect(LanguageClient client) {
    this.client = client instanceof MeshprobeClient m ? m : new ClientAdapter(client);
  }

  /** What {@code exit} does; tests replace {@code System.exit}. */
  public void onExit(Runnable action) {
    this.onExit = action;
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    Params.required(params, "params");
    initialized = true;
    capabilities = params.getCapabilities() == null ? new ClientCapabilities() : params.getCapabilities();
    rulePages = new RulePages(capabilities);
    LspLogging.trace(params.getTrace());
    List<Path> roots = new ArrayList<>();
    if (params.getWorkspaceFolders() != null) {
      for (WorkspaceFolder f : params.getWorkspaceFolders()) {
        Path p = uris.pathOf(f.getUri());
        if (p != null) {
          roots.add(p);
        }
      }
    }
    if (roots.isEmpty() && params.getRootUri() != null) {
      Path p = uris.pathOf(params.getRootUri());
      if (p != null) {
        roots.add(p);
      }
    }
    Map<String, Object> settings = settings(params.getInitializationOptions());
    return onEngine(() -> {
      workspace = new Workspace(roots, log());
      // Files that are not open keep only their facts: a large workspace must fit a small heap.
      workspace.compactClosedFiles(true);
      // ...except the documents the editor is opening, whose didOpen may be queued behind the first index.
      workspace.keepWhole(session::isOpening);
      if (settings != null) {
        ContextRenders.takeTrust(settings, workspace);
        String problem = workspaceDiagnostics.takeSettings(settings);
        if (problem != null) {
          log().warn(problem, null);
        }
        workspace.setEditorSettings(settings);
      }
      ServerCapabilities caps = new ServerCapabilities();
      TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
      sync.setOpenClose(true);
      sync.setChange(TextDocumentSyncKind.Incremental);
      // A save renders the Helm releases and Kustomize entries that use the file again (DESIGN §9).
      sync.setSave(new org.eclipse.lsp4j.SaveOptions(false));
      caps.setTextDocumentSync(sync);
      caps.setHoverProvider(true);
      caps.setInlayHintProvider(true);
      CodeActionOptions actions = new CodeActionOptions(List.of(CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, Session.FIX_ALL_KIND));
      actions.setResolveProvider(true);
      caps.setCodeActionProvider(actions);
      if (session.pullDiagnostics()) {
        // Workspace diagnostics are offered to every pull client: diagnostics.scope may change at any
        // time, and in the openFiles scope the request is held, answering only to clear a closed file.
        DiagnosticRegistrationOptions diag = new DiagnosticRegistrationOptions(true, true);
        diag.setIdentifier("meshprobe");
        caps.setDiagnosticProvider(diag);
      }
      return new InitializeResult(caps, new ServerInfo("meshprobe", Version.current()));
    });
  }

  /** The client's trace level (VS Code: {@code meshprobe.trace.server}): with tracing on, LSP4J's notes on cancellations are logged too. */
  @Override
  public void setTrace(SetTraceParams params) {
    LspLogging.trace(params == null ? null : params.getValue());
  }

  @Override
  public void initialized(InitializedParams params) {
    if (initializedNotified) {
      log().warn("ignored a second `initialized` notification", null);
      return;
    }
    initializedNotified = true;
    session.initialized();
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdown = true;
    workspaceDiagnostics.shutdown();
    renders.shutdown();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    engine.shutdownNow();
    closeOutput();
    onExit.run();
  }

  /**
   * Writes one outgoing message whole, unless the output was closed: the engine's thread may be
   * publishing while the reader's thread handles {@code exit}, and a process that ends between a
   * message's header and its body leaves the client a cut frame.
   */
  void write(Runnable message) {
    synchronized (output) {
      if (!outputClosed) {
        message.run();
      }
    }
  }

  /** Waits for the message being written, if any, and writes nothing after it: the process is about to end. */
  void closeOutput() {
    synchronized (output) {
      outputClosed = true;
    }
  }

  CodeActions actions() {
    return actions;
  }

  boolean isShutdown() {
    return shutdown;
  }

  /** True once {@code initialize} was received (it may still be running on the engine). */
  boolean isInitialized() {
    return initialized;
  }

  /** The process exit code {@code exit} asks for: 0 after {@code shutdown}, else 1 (LSP 3.17, "Exit Notification"). */
  public int exitCode() {
    return shutdown ? 0 : 1;
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspaceService;
  }

  /**
   * Engine work runs one task at a time, under this lock: on the engine thread, or, for a short task
   * that comes while the engine has nothing to do ({@link #onEngineOrHere}), on the protocol's reader
   * thread itself, which saves a hand-over between threads (0.2-1 ms a keystroke on the benchmark
   * machine, a fifth of an edit's answer).
   */
  private final ReentrantLock engineLock = new ReentrantLock();
  /** Engine tasks queued or running. */
  private final AtomicInteger engineTasks = new AtomicInteger();

  /**
   * Runs work on the engine thread; an exception is logged and fails only this request. An error the
   * protocol defines (InvalidParams for data the server did not make) is the answer, not a failure.
   */
  <T> CompletableFuture<T> onEngine(Supplier<T> work) {
    engineTasks.incrementAndGet();
    return CompletableFuture.supplyAsync(() -> {
      engineLock.lock();
      try {
        return answer(work);
      } finally {
        engineLock.unlock();
        engineTasks.decrementAndGet();
      }
    }, engine);
  }

  void runOnEngine(Runnable work) {
    engineTasks.incrementAndGet();
    engine.execute(() -> {
      engineLock.lock();
      try {
        run(work);
      } finally {
        engineLock.unlock();
        engineTasks.decrementAndGet();
      }
    });
  }

  /**
   * As {@link #onEngine}, for a short request about an open document (a hover, code actions): answered
   * here, at once, when the engine is idle; queued behind the engine's work otherwise, in order.
   */
  <T> CompletableFuture<T> onEngineOrHere(Supplier<T> work) {
    if (engineTasks.get() == 0 && engineLock.tryLock()) {
      try {
        return CompletableFuture.completedFuture(answer(work));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      } finally {
        engineLock.unlock();
      }
    }
    return onEngine(work);
  }

  /** As {@link #runOnEngine}, for a short event (a keystroke): run here, at once, when the engine is idle. */
  void runOnEngineOrHere(Runnable work) {
    if (engineTasks.get() == 0 && engineLock.tryLock()) {
      try {
        run(work);
      } finally {
        engineLock.unlock();
      }
      return;
    }
    runOnEngine(work);
  }

  private <T> T answer(Supplier<T> work) {
    try {
      return work.get();
    } catch (org.eclipse.lsp4j.jsonrpc.ResponseErrorException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      log().warn("request failed", e);
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  private void run(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | StackOverflowError e) {
      log().warn("engine task failed", e);
    }
  }

  Log log() {
    return new Log() {
      @Override
      public void info(String message) {
        if (client != null) {
          client.logMessage(new MessageParams(MessageType.Log, message));
        }
      }

      @Override
      public void warn(String message, Throwable error) {
        if (client != null) {
          client.logMessage(new MessageParams(MessageType.Warning, message + (error == null ? "" : ": " + error)));
        }
      }
    };
  }

  /** The {@code meshprobe} settings object, from initialization options or a configuration answer. */
  static Map<String, Object> settings(Object raw) {
    if (raw == null) {
      return null;
    }
    JsonElement json = raw instanceof JsonElement e ? e : GSON.toJsonTree(raw);
    if (!json.isJsonObject()) {
      return null;
    }
    JsonObject o = json.getAsJsonObject();
    if (o.has("meshprobe") && o.get("meshprobe").isJsonObject()) {
      o = o.getAsJsonObject("meshprobe");
    }
    Map<String, Object> map = GSON.fromJson(o, new TypeToken<Map<String, Object>>() {}.getType());
    return Session.cleanSettings(map);
  }
}
