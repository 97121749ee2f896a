package dev.meshprobe.lsp;

import dev.meshprobe.engine.FileState;
import dev.meshprobe.engine.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceFullDocumentDiagnosticReport;

/**
 * The findings of files that are not open, for {@code diagnostics.scope: workspace} (the Problems panel
 * as TypeScript and rust-analyzer fill it): published to push clients, answered to pull clients'
 * {@code workspace/diagnostic} (held open until something changed). Open files are the {@link Session}'s.
 *
 * <p>A workspace may hold 10,000 manifests, and a closed file is linted from disk, so nothing here
 * lints every file on a keystroke. The files that may have changed are queued and linted a batch at a
 * time on the engine thread (edits run between batches), after a short quiet period, and only those
 * whose diagnostics differ from what the client has are sent. What may change: after the first index or
 * a settings change, every file; after a change of mesh facts (a policy, a namespace, an install), the
 * files that hold workloads or mesh facts; after any other change, the changed files and the files that
 * workspace-wide rules report on.
 */
final class WorkspaceDiagnostics {
  /** Which files' findings the client is shown. */
  enum Scope {
    OPEN_FILES("openFiles"), WORKSPACE("workspace");

    final String id;

    Scope(String id) {
      this.id = id;
    }

    static Scope parse(Object value) {
      for (Scope s : values()) {
        if (s.id.equals(value)) {
          return s;
        }
      }
      return null;
    }
  }

  /** Closed files linted per engine task: small enough that an edit waits for at most one batch. */
  private static final int BATCH = 32;
  /** How long changes must pause before closed files are linted again. */
  private static final long QUIET_MS = 300;

  private final MeshprobeServer server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meshprobe-diagnostics-timer");
    t.setDaemon(true);
    return t;
  });
  private Scope scope = Scope.OPEN_FILES;
  /** What the client holds for each closed file (non-empty lists only), with the result id it was sent under. */
  private final Map<Path, List<Diagnostic>> shown = new HashMap<>();
  private final Map<Path, String> resultIds = new HashMap<>();
  /** Files to lint again, in order. */
  private final Set<Path> pending = new LinkedHashSet<>();
  /** Reports a pull client has not received yet: file to its diagnostics (empty: cleared). */
  private final Map<Path, List<Diagnostic>> unreported = new LinkedHashMap<>();
  private CompletableFuture<WorkspaceDiagnosticReport> waiting;
  private long results;
  /** Bumped on every change: a sweep step scheduled before it waits for the next quiet period. */
  private long generation;
  private boolean stepQueued;
  private Object lastIndex;
  private Set<Path> workspaceFindingFiles = Set.of();
  private boolean ready;
  /** Closed files linted so far (tests check that an edit does not lint them all). */
  long linted;

  WorkspaceDiagnostics(MeshprobeServer server) {
    this.server = server;
  }

  Scope scope() {
    return scope;
  }

  /** True when closed files' findings are shown: a closed document keeps its findings instead of losing them. */
  boolean coversClosedFiles() {
    return scope == Scope.WORKSPACE;
  }

  /**
   * Takes {@code diagnostics.scope} out of a settings object (it is the editor's, not the engine's);
   * returns a problem to log, or null.
   */
  String takeSettings(Map<String, Object> settings) {
    Object raw = settings.remove("diagnostics");
    Object value = raw instanceof Map<?, ?> m ? m.get("scope") : null;
    Scope next = value == null ? Scope.OPEN_FILES : Scope.parse(value);
    if (next == null) {
      return "editor settings `diagnostics.scope`: must be openFiles or workspace; openFiles is used instead";
    }
    setScope(next);
    return raw == null || raw instanceof Map<?, ?> ? null : "editor settings `diagnostics`: must be a mapping with `scope`";
  }

  private void setScope(Scope next) {
    if (next == scope) {
      return;
    }
    scope = next;
    if (!ready) {
      return;
    }
    if (scope == Scope.WORKSPACE) {
      queue(server.workspace.files(), false);
    } else {
      clearClosed();
    }
  }

  /** The first index is done: every file is linted once. */
  void indexed() {
    ready = true;
    lastIndex = server.workspace.meshIndex();
    if (scope == Scope.WORKSPACE) {
      queue(server.workspace.files(), false);
    }
  }

  /** Settings changed: every file may report differently. */
  void settingsChanged() {
    if (ready && scope == Scope.WORKSPACE) {
      queue(server.workspace.files(), true);
    }
  }

  /** A file was opened: the session publishes it from now on. */
  void opened(Path p) {
    shown.remove(p);
    resultIds.remove(p);
    unreported.remove(p);
  }

  /**
   * Files changed (an edit, a watcher event, a close; on the engine thread, after the open files were
   * linted again): queues what may have changed with them.
   */
  void changed(Path file) {
    if (!ready) {
      return;
    }
    if (scope != Scope.WORKSPACE) {
      // A pull client keeps the last pull of a document it closes unless the workspace answer clears it.
      if (server.session.pullDiagnostics() && !server.workspace.isOpen(file)) {
        unreported.put(file, List.of());
        answer();
      }
      return;
    }
    Workspace ws = server.workspace;
    Object index = ws.meshIndex();
    Set<Path> affected = new LinkedHashSet<>();
    affected.add(file);
    if (index != lastIndex) {
      lastIndex = index;
      for (Path p : ws.files()) {
        FileState f = ws.file(p);
        if (f != null && f.dependsOnMesh()) {
          affected.add(p);
        }
      }
    }
    // Files that workspace-wide rules report on now, and those they reported on before this change.
    Set<Path> reported = new LinkedHashSet<>();
    for (String key : ws.filesWithWorkspaceFindings(file)) {
      reported.add(Path.of(key));
    }
    affected.addAll(reported);
    affected.addAll(workspaceFindingFiles);
    workspaceFindingFiles = reported;
    queue(affected, true);
  }

  private void queue(Collection<Path> files, boolean debounce) {
    pending.addAll(files);
    long at = ++generation;
    if (debounce) {
      timer.schedule(() -> server.runOnEngine(() -> {
        if (at == generation) {
          step();
        }
      }), QUIET_MS, TimeUnit.MILLISECONDS);
    } else {
      scheduleStep();
    }
  }

  private void scheduleStep() {
    if (!stepQueued) {
      stepQueued = true;
      server.runOnEngine(() -> {
        stepQueued = false;
        step();
      });
    }
  }

  /** Lints one batch of the queued files, sends what changed, and queues the next batch behind whatever else waits. */
  private void step() {
    if (scope != Scope.WORKSPACE || server.isShutdown()) {
      pending.clear();
      return;
    }
    Workspace ws = server.workspace;
    Iterator<Path> it = pending.iterator();
    for (int n = 0; n < BATCH && it.hasNext(); n++) {
      Path p = it.next();
      it.remove();
      if (ws.isOpen(p)) {
        continue;
      }
      FileState f = ws.file(p);
      linted++;
      List<Diagnostic> now = f == null || f.source() == null ? List.of()
          : Convert.diagnostics(ws.lint(p), f.source(), ws, server.uris);
      show(p, now);
    }
    answer();
    if (!pending.isEmpty()) {
      scheduleStep();
    }
  }

  private void show(Path p, List<Diagnostic> now) {
    List<Diagnostic> before = shown.getOrDefault(p, List.of());
    if (before.equals(now)) {
      return;
    }
    if (now.isEmpty()) {
      shown.remove(p);
    } else {
      shown.put(p, now);
    }
    resultIds.put(p, "r" + ++results);
    if (server.session.pullDiagnostics()) {
      unreported.put(p, now);
    } else {
      server.client.publishDiagnostics(new PublishDiagnosticsParams(server.uris.uriOf(p), now));
    }
  }

  /** Back to open files only: closed files lose their findings. */
  private void clearClosed() {
    pending.clear();
    for (Path p : List.copyOf(shown.keySet())) {
      if (!server.workspace.isOpen(p)) {
        show(p, List.of());
      }
    }
    answer();
  }

  // ---- pull: workspace/diagnostic

  /**
   * A pull client's request: answered at once with what it lacks (findings it has not received, or a
   * result id it does not hold), else held until something changes.
   */
  CompletableFuture<WorkspaceDiagnosticReport> request(WorkspaceDiagnosticParams params) {
    CompletableFuture<WorkspaceDiagnosticReport> future = new CompletableFuture<>();
    server.runOnEngine(() -> {
      Map<Path, String> held = new HashMap<>();
      if (params.getPreviousResultIds() != null) {
        for (PreviousResultId r : params.getPreviousResultIds()) {
          Path p = server.uris.pathOf(r.getUri());
          if (p != null) {
            held.put(p, r.getValue());
          }
        }
      }
      // A client that restarted its pulls (or a server that restarted) holds other ids: send it everything.
      for (Map.Entry<Path, List<Diagnostic>> e : shown.entrySet()) {
        if (!resultIds.get(e.getKey()).equals(held.get(e.getKey())) && !server.workspace.isOpen(e.getKey())) {
          unreported.putIfAbsent(e.getKey(), e.getValue());
        }
      }
      for (Path p : held.keySet()) {
        if (!shown.containsKey(p) && !server.workspace.isOpen(p) && !resultIds.containsKey(p)) {
          unreported.putIfAbsent(p, List.of());
        }
      }
      if (waiting != null && !waiting.isDone()) {
        waiting.complete(new WorkspaceDiagnosticReport(List.of()));
      }
      waiting = future;
      answer();
    });
    return future;
  }

  /** Completes the held request with the reports it lacks, if there are any. */
  private void answer() {
    if (waiting == null || waiting.isDone() || unreported.isEmpty()) {
      return;
    }
    List<WorkspaceDocumentDiagnosticReport> items = new ArrayList<>();
    for (Map.Entry<Path, List<Diagnostic>> e : unreported.entrySet()) {
      WorkspaceFullDocumentDiagnosticReport full = new WorkspaceFullDocumentDiagnosticReport(e.getValue(), server.uris.uriOf(e.getKey()), null);
      full.setResultId(resultIds.computeIfAbsent(e.getKey(), k -> "r" + ++results));
      items.add(new WorkspaceDocumentDiagnosticReport(full));
    }
    unreported.clear();
    waiting.complete(new WorkspaceDiagnosticReport(items));
    waiting = null;
  }

  void shutdown() {
    timer.shutdownNow();
    if (waiting != null) {
      waiting.complete(new WorkspaceDiagnosticReport(List.of()));
    }
  }
}
