package dev.meshprobe.bench.lsp;

import dev.meshprobe.bench.Sites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/** One server on one file: start, open, edits, hovers, code actions, shutdown. */
final class Session {
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(120);
  /** How long an edit that must be published may take before it counts as unanswered. */
  private static final long EDIT_TIMEOUT = TimeUnit.SECONDS.toNanos(10);
  /** Pause between two timed operations, so that each one starts from an idle server. */
  private static final long PAUSE_MS = 30;

  private final Client client;
  private final Connection c;
  private final String uri;
  private List<Diagnostic> latest = List.of();
  /** True when the server puts a version on its publications (then it may skip unchanged ones). */
  private boolean versioned;
  /** The document's text as this client has it, and its version. */
  private String current;
  private int version = 1;

  private Session(Client client, Connection c, String uri) {
    this.client = client;
    this.c = c;
    this.uri = uri;
  }

  static LspLatency.Result run(LspLatency.Server s, LspLatency.Target t, String text, LspLatency.Plan plan, Path log) {
    LspLatency.Result r = new LspLatency.Result();
    r.server = s.name();
    r.file = t.file();
    Process p = null;
    Connection c = null;
    try {
      java.nio.file.Files.deleteIfExists(log);
      Client client = new Client(log);
      client.note("command " + s.command());
      long t0 = System.nanoTime();
      client.t0 = t0;
      p = new ProcessBuilder(s.command()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      c = Connection.start(p, client);
      c.initialize(t.root());
      client.note("initialize answered; initialized and didOpen sent");
      String uri = t.file().toUri().toString();
      c.didOpen(uri, text);
      Session session = new Session(client, c, uri);
      Client.Arrival first = session.awaitPublication(null, TIMEOUT);
      if (first == null) {
        r.error = "no diagnostics";
        return r;
      }
      r.startMs = (first.nanos() - t0) / 1e6;
      session.versioned = first.params().getVersion() != null;
      session.settle();
      r.diagnostics = session.latest.size();
      session.current = text;
      for (LspLatency.EditKind kind : plan.edits.keySet()) {
        session.edits(kind, plan, r);
      }
      session.hovers(plan, r);
      session.codeActions(plan, r);
      return r;
    } catch (Exception e) {
      r.error = e.getClass().getSimpleName();
      e.printStackTrace();
      return r;
    } finally {
      if (c != null) {
        c.close(p);
      } else if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * The next publication for the document (of {@code version}, when the server versions them; any
   * later one otherwise), or null on time-out.
   */
  private Client.Arrival awaitPublication(Integer version, long timeoutNanos) throws InterruptedException {
    long end = System.nanoTime() + timeoutNanos;
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Client.Arrival a = client.diagnostics.poll(left, TimeUnit.NANOSECONDS);
      if (a != null && uri.equals(a.params().getUri())) {
        latest = a.params().getDiagnostics();
        Integer v = a.params().getVersion();
        if (version == null || v == null || v.intValue() == version) {
          return a;
        }
      }
    }
  }

  /** Waits until the server has been quiet for a second (late validations of the open document land here). */
  private void settle() throws Exception {
    if (versioned) {
      hover(0, 0).get(60, TimeUnit.SECONDS);
    }
    while (true) {
      Client.Arrival a = client.diagnostics.poll(1000, TimeUnit.MILLISECONDS);
      if (a == null) {
        return;
      }
      if (uri.equals(a.params().getUri())) {
        latest = a.params().getDiagnostics();
      }
    }
  }

  private CompletableFuture<Long> hover(int line, int character) {
    return c.server.getTextDocumentService()
        .hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(line, character)))
        .thenApply(x -> System.nanoTime());
  }

  /**
   * {@code plan.edits.get(kind)} edits of one kind, each timed from sending {@code didChange} to the
   * publication of that version. For the digit edits, which may change no diagnostic, a server that
   * versions its publications (and may skip unchanged ones) gets a hover request right behind each edit:
   * when its answer comes with no publication before it, the edit is counted as done at that answer.
   * The verdict edits end with the text as it was; the Enters are taken back by one untimed edit.
   */
  private void edits(LspLatency.EditKind kind, LspLatency.Plan plan, LspLatency.Result r) throws Exception {
    int n = plan.edits.get(kind);
    r.edits(kind);
    for (int i = 0; i < n; i++) {
      Range range;
      String text;
      switch (kind) {
        case VERDICT -> {
          Sites.Site site = plan.verdictSites.get((i / 2) % plan.verdictSites.size());
          range = new Range(new Position(site.line(), site.character()), new Position(site.line(), site.character() + 1));
          text = current.charAt(site.offset()) == 'e' ? "x" : "e";
        }
        case ENTER -> {
          range = new Range(new Position(0, 0), new Position(0, 0));
          text = "\n";
        }
        default -> {
          Sites.Site site = plan.digitSites.get(i % plan.digitSites.size());
          range = new Range(new Position(site.line(), site.character()), new Position(site.line(), site.character() + 1));
          text = String.valueOf(Sites.nextDigit(current.charAt(site.offset())));
        }
      }
      Thread.sleep(PAUSE_MS);
      timedEdit(kind, range, text, r);
    }
    if (kind == LspLatency.EditKind.ENTER && n > 0) {
      // Back to the original text (and lines) for the hovers and code actions that follow.
      Thread.sleep(PAUSE_MS);
      client.diagnostics.clear();
      change(new Range(new Position(0, 0), new Position(n, 0)), "");
      awaitPublication(version, TIMEOUT);
      settle();
    }
  }

  /** Sends one change and applies it to {@link #current}. */
  private long change(Range range, String text) {
    int start = offset(range.getStart());
    int end = offset(range.getEnd());
    current = current.substring(0, start) + text + current.substring(end);
    version++;
    long sent = System.nanoTime();
    c.didChange(uri, version, new TextDocumentContentChangeEvent(range, text));
    return sent;
  }

  private int offset(Position p) {
    int offset = 0;
    for (int line = 0; line < p.getLine(); line++) {
      offset = current.indexOf('\n', offset) + 1;
    }
    return offset + p.getCharacter();
  }

  private void timedEdit(LspLatency.EditKind kind, Range range, String text, LspLatency.Result r) throws Exception {
    client.diagnostics.clear();
    long sent = change(range, text);
    CompletableFuture<Long> barrier = versioned && !kind.publishes ? hover(0, 0) : null;
    Client.Arrival a = null;
    long doneAt = -1;
    long end = sent + (kind.publishes ? EDIT_TIMEOUT : TIMEOUT);
    while (a == null && System.nanoTime() < end) {
      a = awaitPublication(version, TimeUnit.MILLISECONDS.toNanos(5));
      if (a == null && barrier != null && barrier.isDone()) {
        a = awaitPublication(version, 0);
        if (a == null) {
          doneAt = barrier.get();
          break;
        }
      }
    }
    String what = kind.name().toLowerCase(java.util.Locale.ROOT) + " edit " + version;
    if (a != null) {
      r.published.merge(kind, 1, Integer::sum);
      r.edits(kind).add((a.nanos() - sent) / 1e6);
      client.note(String.format(java.util.Locale.ROOT, "%s published after %.1f ms", what, (a.nanos() - sent) / 1e6));
    } else if (doneAt > 0) {
      r.edits(kind).add((doneAt - sent) / 1e6);
      client.note(String.format(java.util.Locale.ROOT, "%s done (hover answered) after %.1f ms", what, (doneAt - sent) / 1e6));
    } else {
      r.unanswered.merge(kind, 1, Integer::sum);
      client.note(what + " got no publication");
    }
    if (barrier != null) {
      barrier.get(60, TimeUnit.SECONDS);
    }
  }

  private void hovers(LspLatency.Plan plan, LspLatency.Result r) throws Exception {
    for (Sites.Site site : plan.hovers) {
      Thread.sleep(PAUSE_MS);
      long sent = System.nanoTime();
      long done = hover(site.line(), site.character()).get(60, TimeUnit.SECONDS);
      r.hoverMs.add((done - sent) / 1e6);
    }
  }

  /**
   * Code action requests on ranges that carry diagnostics. The ranges are chosen once per file, from
   * the diagnostics of the first server that has some on probe keys (or any), else the probe keys'
   * own ranges, so every server is asked about the same ranges; each request carries that server's
   * own diagnostics at the range.
   */
  private void codeActions(LspLatency.Plan plan, LspLatency.Result r) throws Exception {
    synchronized (plan) {
      if (plan.actionRanges == null && !latest.isEmpty()) {
        List<Range> ranges = new ArrayList<>();
        java.util.Set<Integer> keyLines = new java.util.HashSet<>();
        plan.probeKeys.forEach(k -> keyLines.add(k.line()));
        for (Diagnostic d : latest) {
          if (keyLines.contains(d.getRange().getStart().getLine())) {
            ranges.add(d.getRange());
          }
        }
        if (ranges.isEmpty()) {
          latest.forEach(d -> ranges.add(d.getRange()));
        }
        plan.actionRanges = Sites.spread(ranges, plan.actions);
      }
    }
    List<Range> ranges = plan.actionRanges;
    if (ranges == null) {
      ranges = new ArrayList<>();
      for (Sites.Site k : Sites.spread(plan.probeKeys, plan.actions)) {
        ranges.add(new Range(new Position(k.line(), k.character() - 1), new Position(k.line(), k.character() + 12)));
      }
    }
    for (Range range : ranges) {
      List<Diagnostic> here = new ArrayList<>();
      for (Diagnostic d : latest) {
        if (d.getRange().getStart().getLine() <= range.getEnd().getLine() && d.getRange().getEnd().getLine() >= range.getStart().getLine()) {
          here.add(d);
        }
      }
      Thread.sleep(PAUSE_MS);
      long sent = System.nanoTime();
      long done = c.server.getTextDocumentService()
          .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), range, new CodeActionContext(here)))
          .thenApply(x -> System.nanoTime()).get(60, TimeUnit.SECONDS);
      r.actionMs.add((done - sent) / 1e6);
    }
  }
}
