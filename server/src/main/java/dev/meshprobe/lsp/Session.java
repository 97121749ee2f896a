package dev.meshprobe.lsp;

import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The state of one editor session on the engine thread: open documents with their versions, what was
 * last published for each, and the reactions to edits, file events and settings. A change to any
 * file re-lints every open document, publishing only those whose diagnostics changed.
 */
final class Session {
  static final String FIX_ALL_KIND = "source.fixAll.meshprobe";

  private final MeshprobeServer server;
  /**
   * Per open document, a count of its opens and changes, advanced on the reader thread so that an
   * analysis the document has already moved past can be dropped. The client's versions cannot serve:
   * a client may send none.
   */
  private final Map<Path, AtomicInteger> latest = new ConcurrentHashMap<>();
  /** The client's version of each open document; null when its last change came without one. */
  private final Map<Path, Integer> versions = new HashMap<>();
  /** Documents whose misuse was already logged since they were last opened, so that a client's every keystroke is not. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final Map<Path, List<Diagnostic>> published = new HashMap<>();
  /** Each open document's last conversion, finding to diagnostic, so an unmoved finding is not converted again. */
  private final Map<Path, Map<Finding, Diagnostic>> converted = new HashMap<>();
  private final Map<Path, String> uriOfOpen = new LinkedHashMap<>();
  /** The first index is done. */
  private boolean ready;
  private boolean warmupStarted;
  /** From {@code initialized} until the first index ends: events that come meanwhile may be handed over to it. */
  private volatile boolean indexing;
  /** Document events and requests about open documents, handed over to the first index while it runs ({@link #early}). */
  private final Queue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
  /** An event handed over to the index asked for the open documents to be linted. */
  private boolean lintWhenIndexed;
  /** Runs on the engine thread as the first index starts; tests hold the index there until an open was handed over. */
  Runnable beforeFirstIndex = () -> {};
  /** The open documents whose last publication was provisional. */
  private final Set<String> provisional = new LinkedHashSet<>();
  private final Workspace.IndexHooks indexHooks = new Workspace.IndexHooks() {
    @Override
    public void between() {
      boolean events = !handedOver.isEmpty();
      if (events) {
        // What the files stored so far give, for the events and requests to see.
        server.workspace.indexedSoFar();
        for (Runnable r; (r = handedOver.poll()) != null; ) {
          r.run();
        }
      }
      // An event asked for a lint: done once the walk told which files the charts and kustomizations use.
      if (lintWhenIndexed && server.workspace.contextsKnown()) {
        if (!events) {
          server.workspace.indexedSoFar();
        }
        lintProvisionally();
      }
    }

    @Override
    public void meshFactsIn() {
      if (!uriOfOpen.isEmpty()) {
        server.workspace.indexedSoFar();
        lintProvisionally();
      }
    }
  };

  Session(MeshprobeServer server) {
    this.server = server;
  }

  boolean pullDiagnostics() {
    var td = server.capabilities.getTextDocument();
    return td != null && td.getDiagnostic() != null;
  }

  private boolean workDoneProgress() {
    var w = server.capabilities.getWindow();
    return w != null && Boolean.TRUE.equals(w.getWorkDoneProgress());
  }

  void initialized() {
    registerWatchers();
    indexing = true;
    server.runOnEngine(() -> {
      String token = "meshprobe-index";
      boolean progress = workDoneProgress();
      if (progress) {
        server.client.createProgress(new WorkDoneProgressCreateParams(Either.forLeft(token)));
        WorkDoneProgressBegin begin = new WorkDoneProgressBegin();
        begin.setTitle("Meshprobe: indexing manifests");
        server.client.notifyProgress(new ProgressParams(Either.forLeft(token), Either.forLeft(begin)));
      }
      status("indexing");
      beforeFirstIndex.run();
      int n;
      try {
        n = server.workspace.indexFolders((done, total) -> {
          if (progress && total > 0) {
            WorkDoneProgressReport report = new WorkDoneProgressReport();
            report.setMessage(done + "/" + total + " files");
            report.setPercentage(done * 100 / total);
            server.client.notifyProgress(new ProgressParams(Either.forLeft(token), Either.<WorkDoneProgressNotification, Object>forLeft(report)));
          }
        }, indexHooks);
      } finally {
        indexing = false;
        lintWhenIndexed = false;
      }
      server.log().info("indexed " + n + " files under " + server.workspace.layout().roots());
      if (progress) {
        WorkDoneProgressEnd end = new WorkDoneProgressEnd();
        end.setMessage(n + " files");
        server.client.notifyProgress(new ProgressParams(Either.forLeft(token), Either.<WorkDoneProgressNotification, Object>forLeft(end)));
      }
      provisional.clear();
      status("ready");
      ready = true;
      relintOpen();
      server.workspaceDiagnostics.indexed();
      server.renders.renderStale(0);
    });
    pullConfiguration();
  }

  /** The first index has ended (engine thread). */
  boolean ready() {
    return ready;
  }

  void status(String state) {
    Workspace ws = server.workspace;
    server.client.status(new MeshprobeClient.StatusParams(state, ws.layout().workspaceConfig().mesh().istio().toString(), ws.files().size(),
        ws.contexts().missingTools(), server.renders.pending(), provisional.isEmpty() ? null : List.copyOf(provisional)));
  }

  /**
   * Runs {@code work} once: on the engine thread, or, when it comes while the first index runs, between
   * two indexed files, whichever is first. Document events and requests about open documents need not
   * wait for a workspace of thousands of files; an event for a configuration or kustomization file,
   * which every other file's state depends on, does.
   */
  void early(Path p, Runnable work) {
    AtomicBoolean claimed = new AtomicBoolean();
    Runnable once = () -> {
      if (claimed.compareAndSet(false, true)) {
        work.run();
      }
    };
    if (indexing && !Workspace.isLayoutFile(p)) {
      handedOver.add(once);
    }
    server.runOnEngine(once);
  }

  /** A keystroke: run at once when the engine is idle (on this thread), else in order behind its work. */
  private void keystroke(Path p, Runnable work) {
    if (indexing) {
      early(p, work);
    } else {
      server.runOnEngineOrHere(work);
    }
  }

  /** How many events and requests wait to be handed over to the first index. */
  int handedOver() {
    return handedOver.size();
  }

  /** As {@link #early(Path, Runnable)}, for a request: its answer. */
  <T> CompletableFuture<T> early(Path p, Supplier<T> work) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    early(p, () -> {
      try {
        answer.complete(work.get());
      } catch (RuntimeException | StackOverflowError e) {
        server.log().warn("request failed", e);
        answer.completeExceptionally(e);
      }
    });
    return answer;
  }

  /**
   * While the first index runs: lints the open documents with what is indexed so far and says in
   * {@code meshprobe/status} that their diagnostics are provisional.
   */
  private void lintProvisionally() {
    lintWhenIndexed = false;
    relintOpenDocuments();
    provisional.clear();
    uriOfOpen.forEach((p, uri) -> {
      if (server.workspace.lintsProvisionally(p)) {
        provisional.add(uri);
      }
    });
    status("indexing");
  }

  private void registerWatchers() {
    var ws = server.capabilities.getWorkspace();
    if (ws == null || ws.getDidChangeWatchedFiles() == null || !Boolean.TRUE.equals(ws.getDidChangeWatchedFiles().getDynamicRegistration())) {
      return;
    }
    DidChangeWatchedFilesRegistrationOptions options = new DidChangeWatchedFilesRegistrationOptions(List.of(
        new FileSystemWatcher(Either.forLeft("**/*.{yaml,yml}")),
        new FileSystemWatcher(Either.forLeft("**/.meshprobe.yaml"))));
    server.client.registerCapability(new RegistrationParams(List.of(
        new Registration("meshprobe-watch", "workspace/didChangeWatchedFiles", options))));
  }

  /** Asks the client for the {@code meshprobe} settings section, when it can answer. */
  void pullConfiguration() {
    var ws = server.capabilities.getWorkspace();
    if (ws == null || !Boolean.TRUE.equals(ws.getConfiguration())) {
      return;
    }
    ConfigurationItem item = new ConfigurationItem();
    item.setSection("meshprobe");
    server.client.configuration(new ConfigurationParams(List.of(item))).thenAccept(values -> {
      if (values != null && !values.isEmpty() && values.get(0) != null) {
        Map<String, Object> settings = MeshprobeServer.settings(values.get(0));
        if (settings != null) {
          applySettings(settings);
        }
      }
    });
  }

  void applySettings(Map<String, Object> settings) {
    server.runOnEngine(() -> {
      ContextRenders.takeTrust(settings, server.workspace);
      String scopeProblem = server.workspaceDiagnostics.takeSettings(settings);
      if (scopeProblem != null) {
        server.log().warn(scopeProblem, null);
      }
      server.workspace.setEditorSettings(settings);
      for (String problem : server.workspace.settingsProblems()) {
        server.log().warn(problem, null);
      }
      relintOpen();
      server.workspaceDiagnostics.settingsChanged();
      server.renders.renderStale(ContextRenders.SAVED_MS);
    });
  }

  /** Drops keys meant for the client (Java path, VM arguments, tracing) and empty values; keeps {@code diagnostics}, the session's. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> cleanSettings(Map<String, Object> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (k.equals("java") || k.equals("server") || k.equals("trace") || v == null || (v instanceof String s && s.isBlank())) {
        continue;
      }
      if (v instanceof Map<?, ?> m) {
        Map<String, Object> inner = cleanSettings((Map<String, Object>) m);
        if (!inner.isEmpty() || k.equals("rules")) {
          out.put(k, inner);
        }
      } else {
        out.put(k, v);
      }
    }
    return out;
  }

  // ---- documents

  void open(String uri, int version, String text) {
    Path p = pathFor(uri);
    latest.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
    warned.remove(uri);
    early(p, () -> {
      uriOfOpen.put(p, uri);
      versions.put(p, version);
      server.workspace.indexNear(p);
      server.workspace.openFile(p, text);
      server.workspaceDiagnostics.opened(p);
      relintOpen();
      server.workspaceDiagnostics.changed(p);
      // A buffer opened with unsaved text, or a new chart or kustomization.
      server.renders.renderStale(server.renders.typingPauseMs());
    });
  }

  /** True from the moment the editor opens a document (before the engine has seen it) until it closes it. */
  boolean isOpening(Path p) {
    return latest.containsKey(p);
  }

  /**
   * Applies an editor's changes to an open document. A change for a document that is not open is not
   * applied (LSP: a document is changed only between its didOpen and didClose; the server has no text
   * of the client's to apply it to); one without a version is applied, since dropping it would leave
   * the server's text behind the editor's for good. Both are said in the log, once per document.
   */
  void change(String uri, Integer version, List<TextDocumentContentChangeEvent> changes) {
    Path p = pathFor(uri);
    AtomicInteger count = latest.get(p);
    if (count == null) {
      if (warned.add(uri)) {
        server.log().warn("ignored textDocument/didChange for " + uri + ": the document is not open (send textDocument/didOpen first)", null);
      }
      return;
    }
    if (version == null && warned.add(uri)) {
      server.log().warn("textDocument/didChange for " + uri + " without a version: applied; its diagnostics name no version until a change that has one", null);
    }
    int mine = count.incrementAndGet();
    keystroke(p, () -> {
      var state = server.workspace.file(p);
      if (state == null || state.source() == null || state.source().text() == null) {
        return;
      }
      // The engine is told where the text changed, so that it redoes only that part of the file. The
      // current text's line index is already built; a second change in one message patches it.
      SourceText current = state.source();
      TextChange changed = null;
      for (TextDocumentContentChangeEvent c : changes) {
        TextChange one = change(current, c);
        changed = changed == null ? one : changed.then(one, current.length());
        current = current.edited(apply(current, c), one);
      }
      versions.put(p, version);
      server.workspace.openFile(p, current.text(), changed);
      // Drop the analysis when the document has already moved on (or was closed): the next event will run it.
      if (latest.get(p) == count && count.get() == mine) {
        relintOpen();
        server.workspaceDiagnostics.changed(p);
      }
      server.renders.fileChanged(p, false);
    });
  }

  /** Applies one change; positions are UTF-16, as are Java string offsets. */
  static String apply(SourceText st, TextDocumentContentChangeEvent c) {
    if (c.getRange() == null) {
      return c.getText();
    }
    return replace(st.text(), change(st, c), c.getText());
  }

  /**
   * {@code text} with {@code change} made by inserting {@code inserted}. String concatenation copies whole
   * arrays; a StringBuilder would copy a text with characters beyond Latin-1 one character at a time.
   */
  private static String replace(String text, TextChange change, String inserted) {
    return text.substring(0, change.start()) + inserted + text.substring(change.oldEnd());
  }

  /** Where one content change replaces text: the whole text for a change without a range. */
  static TextChange change(SourceText st, TextDocumentContentChangeEvent c) {
    if (c.getRange() == null) {
      return new TextChange(0, st.text().length(), c.getText().length());
    }
    int start = Convert.offset(st, c.getRange().getStart());
    int end = Math.max(start, Convert.offset(st, c.getRange().getEnd()));
    return TextChange.replace(start, end, c.getText().length());
  }

  void close(String uri) {
    Path p = pathFor(uri);
    if (latest.remove(p) == null) {
      server.log().info("ignored textDocument/didClose for " + uri + ": the document is not open");
      return;
    }
    warned.remove(uri);
    early(p, () -> {
      uriOfOpen.remove(p);
      versions.remove(p);
      server.workspace.closeFile(p);
      // In the workspace scope the closed file keeps its findings (from disk), published with the others'.
      if (!pullDiagnostics() && !server.workspaceDiagnostics.coversClosedFiles()) {
        server.client.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
      }
      published.remove(p);
      converted.remove(p);
      relintOpen();
      server.workspaceDiagnostics.changed(p);
      // Unsaved text a render read is dropped: the contexts that used it render the disk's again.
      server.renders.renderStale(ContextRenders.SAVED_MS);
    });
  }

  /** Paths for URIs; buffers that are not files get a path of their own under no workspace root. */
  Path pathFor(String uri) {
    Path p = server.uris.pathOf(uri);
    if (p != null) {
      return p;
    }
    String name = uri.replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "meshprobe-buffers", name.endsWith(".yaml") ? name : name + ".yaml").toAbsolutePath();
  }

  String uriOf(Path p) {
    String uri = uriOfOpen.get(p);
    return uri != null ? uri : server.uris.uriOf(p);
  }

  Integer version(Path p) {
    return versions.get(p);
  }

  // ---- files on disk

  void watchedFileChanged(String uri) {
    Path p = server.uris.pathOf(uri);
    if (p == null) {
      return;
    }
    server.runOnEngine(() -> {
      server.workspace.refreshFromDisk(p);
      relintOpen();
      server.workspaceDiagnostics.changed(p);
      // An open file's save comes as didSave; the watcher's event for it would render it twice.
      if (!server.workspace.isOpen(p)) {
        server.renders.fileChanged(p, true);
      }
      server.renders.renderStale(ContextRenders.SAVED_MS);
    });
  }

  /** A document was saved: the contexts that use it are rendered again from disk, soon. */
  void saved(String uri) {
    Path p = pathFor(uri);
    server.runOnEngine(() -> server.renders.fileChanged(p, true));
  }

  // ---- diagnostics

  /** Diagnostics of a document as the engine sees it now. */
  List<Diagnostic> diagnostics(Path p) {
    Workspace ws = server.workspace;
    var state = ws.file(p);
    if (state == null || state.source() == null || (ws.indexing() && !ws.lintsProvisionally(p))) {
      // While the first index runs, a file of a chart or a kustomization has none yet (Workspace#lintsProvisionally).
      return List.of();
    }
    Map<Finding, Diagnostic> next = new IdentityHashMap<>();
    List<Diagnostic> out = Convert.diagnostics(ws.lint(p), state.source(), ws, server.uris, converted.getOrDefault(p, Map.of()), next);
    if (uriOfOpen.containsKey(p)) {
      converted.put(p, next);
    }
    return out;
  }

  /** Re-lints every open document; pushes those whose diagnostics changed, or asks a pull client to refresh. */
  void relintOpen() {
    if (server.workspace.indexing()) {
      // An event handed over to the first index: the documents are linted once its events are done.
      lintWhenIndexed = true;
      return;
    }
    try {
      relintOpenDocuments();
    } finally {
      // Once the first open document has its diagnostics, warm the edit path up for the keystrokes to come.
      if (ready && !uriOfOpen.isEmpty() && !warmupStarted && Warmup.enabled()) {
        warmupStarted = true;
        Warmup.start(server.log(), server::isShutdown);
      }
    }
  }

  /** True when a pull client can be asked to pull again ({@code workspace/diagnostic/refresh}). */
  boolean pullsOnRefresh() {
    var ws = server.capabilities.getWorkspace();
    return ws != null && ws.getDiagnostics() != null && Boolean.TRUE.equals(ws.getDiagnostics().getRefreshSupport());
  }

  private void relintOpenDocuments() {
    if (pullDiagnostics()) {
      if (pullsOnRefresh()) {
        server.client.refreshDiagnostics();
      }
      return;
    }
    for (Map.Entry<Path, String> e : uriOfOpen.entrySet()) {
      Path p = e.getKey();
      if (server.workspace.indexing() && !server.workspace.lintsProvisionally(p)) {
        // Nothing provisional to say (Workspace#lintsProvisionally): its first publication is the final one.
        continue;
      }
      List<Diagnostic> now = diagnostics(p);
      if (!now.equals(published.get(p))) {
        published.put(p, now);
        PublishDiagnosticsParams params = new PublishDiagnosticsParams(e.getValue(), now);
        params.setVersion(versions.get(p));
        server.client.publishDiagnostics(params);
      }
    }
  }
}
