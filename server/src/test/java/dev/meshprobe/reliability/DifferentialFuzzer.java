package dev.meshprobe.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.meshprobe.cli.CheckCommand;
import dev.meshprobe.engine.ContextWorkspaces;
import dev.meshprobe.engine.EngineTestAccess;
import dev.meshprobe.fixtures.ContextScenario;
import dev.meshprobe.lsp.LspTestAccess;
import dev.meshprobe.text.DecodedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The differential fuzzer of the language server. Each session copies a few real manifests of
 * {@code ../shared/corpus} (one source folder, some files, their paths kept; in one session of two, a
 * whole chart or kustomization of it), often a deployment-context scenario of the test fixtures (Helm
 * charts and Kustomize overlays, rendered by the real tools) and generated manifests into a
 * temporary workspace, starts an in-process server on the real transport ({@link RawLspClient}) and
 * plays an editor and a file system at it in bursts: incremental edits (several per notification,
 * whole-text replacements, some without a version), opens and closes, files written, created and
 * deleted on disk with their watcher events (in hidden folders, ignored paths and under names the
 * index does not read too), saves, code actions listed, resolved and applied as a client applies them,
 * hovers, inlay hints, code actions and pull diagnostics at random positions, setting changes, and
 * the protocol abuse of {@code ../shared/lsp-repros} (requests before {@code initialize} and after
 * {@code shutdown}, missing and random parameters, methods the server does not offer, wrong
 * {@code Content-Length}s, changes to documents that are not open, resolve after close, exit codes).
 *
 * <p>After each burst, once the server has handled everything (a request is answered after the
 * notifications sent before it) and has kept every chart and overlay render due ({@code meshprobe/status}
 * says none is pending; then none may be stale), the open buffers are saved and {@code meshprobe check --format json}
 * runs on the workspace, in process, through {@link CheckCommand}: the diagnostics the server last
 * published for every open document must equal the command line's findings for that file (rule,
 * range, severity, message), and the server's text must be the editor's. Every request must be
 * answered, none with InternalError (-32603), each abuse with its LSP error code, and no log (the
 * client's log messages, LSP4J's logger, standard error) may hold a stack trace or a failure.
 *
 * <p>A session is drawn from its seed alone, so a failure is replayed by its session seed, which the
 * failure report prints with the step, the last actions, the diff of diagnostics and the workspace
 * (kept under {@code server/target/lsp-fuzz/}).
 */
final class DifferentialFuzzer {
  /** What a run did. */
  static final class Counts {
    long sessions;
    long bursts;
    long didChanges;
    long contentChanges;
    long versionless;
    long comparisons;
    long requests;
    long watchedEvents;
    long actionsApplied;
    long abuses;
    long opens;
    long closes;
    long oneLineFiles;
    long oneLineMaxMillis;
    long oneLineMaxChars;
    long saves;
    long contextSessions;
    long contextEdits;
    long contextComparisons;
    long contextActionsApplied;
    long renders;

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%d sessions, %d bursts: %d edits (didChange; %d content changes, %d without a version), "
          + "%d comparisons with the CLI, %d requests, %d watched-file events, %d code actions applied, %d protocol abuses, %d opens, "
          + "%d closes, %d saves; deployment contexts in %d sessions: %d renders kept by the server, %d edits and %d comparisons of "
          + "their files, %d code actions applied there; %d one-line manifests of thousands of containers, inlayHint on them at most "
          + "%d ms (%d chars)", sessions, bursts, didChanges, contentChanges, versionless, comparisons, requests, watchedEvents,
          actionsApplied, abuses, opens, closes, saves, contextSessions, renders, contextEdits, contextComparisons, contextActionsApplied,
          oneLineFiles, oneLineMaxMillis, oneLineMaxChars);
    }
  }

  private static final String CAPABILITIES = "{\"textDocument\":{\"codeAction\":{\"dataSupport\":true,\"isPreferredSupport\":true,"
      + "\"resolveSupport\":{\"properties\":[\"edit\"]},\"codeActionLiteralSupport\":{\"codeActionKind\":{\"valueSet\":[\"quickfix\",\"source\","
      + "\"source.fixAll\"]}}},\"publishDiagnostics\":{\"relatedInformation\":true,\"versionSupport\":true},\"inlayHint\":{}},"
      + "\"workspace\":{\"applyEdit\":true,\"workspaceEdit\":{\"documentChanges\":true,\"resourceOperations\":[\"create\"]},"
      + "\"didChangeWatchedFiles\":{\"dynamicRegistration\":true}}}";
  private static final String[] SKIPPED_PLACES = {".hidden/", "sub/.git/", "node_modules/", "vendor/", "gen/", "", "apps/"};
  private static final String[] SKIPPED_NAMES = {"x.txt", "x.yaml.bak", "skip-x.yaml", "x.json"};

  private final Path corpus;
  private final Path artifacts;
  private final PrintStream out;
  final Counts counts = new Counts();
  /** Stack traces seen outside the client's log: LSP4J's logger and standard error. */
  private final List<String> traces = new CopyOnWriteArrayList<>();

  /** {@code corpus} may be null (generated files only); a failing session's workspace is kept under {@code artifacts}. */
  DifferentialFuzzer(Path corpus, Path artifacts, PrintStream out) {
    this.corpus = corpus != null && Files.isDirectory(corpus) ? corpus : null;
    this.artifacts = artifacts;
    this.out = out;
  }

  /** Sessions drawn from {@code seed}, until {@code budget} is spent. */
  Counts run(long seed, Duration budget) throws Exception {
    long deadline = System.nanoTime() + budget.toNanos();
    Random seeds = new Random(seed);
    return watchingLogs(() -> {
      while (System.nanoTime() < deadline) {
        new Session(seeds.nextLong(), seed).run(deadline);
      }
    });
  }

  /** The one session a failure named, as it ran then. */
  Counts replay(long sessionSeed) throws Exception {
    return watchingLogs(() -> new Session(sessionSeed, null).run(Long.MAX_VALUE));
  }

  private interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work} with LSP4J's logger and standard error watched for stack traces. */
  private Counts watchingLogs(Work work) throws Exception {
    Logger lsp4j = Logger.getLogger("org.eclipse.lsp4j");
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getThrown() != null) {
          traces.add("LSP4J logged " + record.getLevel() + " " + record.getMessage() + " with " + record.getThrown());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    lsp4j.addHandler(handler);
    PrintStream err = System.err;
    System.setErr(new PrintStream(new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        err.write(b);
        if (b == '\n') {
          String l = line.toString(StandardCharsets.UTF_8);
          if (l.startsWith("\tat ") || l.contains("Exception in thread")) {
            traces.add("standard error: " + l);
          }
          line.reset();
        } else if (line.size() < 400) {
          line.write(b);
        }
      }
    }, true));
    try {
      work.run();
      return counts;
    } finally {
      System.setErr(err);
      lsp4j.removeHandler(handler);
    }
  }

  /** An open document as the editor has it. */
  private static final class Doc {
    final Path path;
    final String uri;
    String text;
    /** The version last sent; null when the last change had none. */
    Integer version;
    int counter;

    Doc(Path path, String text, int version) {
      this.path = path;
      this.uri = path.toUri().toString();
      this.text = text;
      this.version = version;
      this.counter = version;
    }
  }

  private final class Session {
    final long seed;
    final Long runSeed;
    final Random r;
    final Map<Path, Doc> open = new TreeMap<>();
    final List<String> trace = new ArrayList<>();
    /** Editor settings sent: the CLI gets them as flags (the layer above them, with the same effect). */
    String istioVersion;
    String mtls;
    Path root;
    RawLspClient client;
    int burst;
    int step;

    Session(long seed, Long runSeed) {
      this.seed = seed;
      this.runSeed = runSeed;
      this.r = new Random(seed);
    }

    void run(long deadline) throws Exception {
      root = Files.createTempDirectory("meshprobe-lsp-fuzz-").toRealPath().resolve("ws");
      makeWorkspace();
      counts.sessions++;
      client = new RawLspClient();
      // A chart or overlay is rendered again once typing pauses: 400 ms in an editor; mostly shorter here,
      // so that a burst's renders do not eat the run, and at 0 ms a render per keystroke, to race edits.
      long pause = FuzzManifests.pick(r, new Long[] {0L, 0L, 10L, 50L, 50L, 400L});
      LspTestAccess.typingPause(client.server, pause);
      trace("typing pause before a render: " + pause + " ms");
      boolean ok = false;
      try {
        if (r.nextInt(5) == 0) {
          beforeInitialize();
        }
        JsonObject init = client.initialize(root, CAPABILITIES);
        check(init != null && init.has("result"), "initialize was not answered with a result: " + init);
        check(client.awaitReady(60) != null, "the first index did not end");
        Path big = root.resolve("big/one-line.yaml");
        if (Files.exists(big)) {
          openBig(big);
        }
        int bursts = 4 + r.nextInt(25);
        for (burst = 0; burst < bursts && System.nanoTime() < deadline; burst++) {
          int actions = 1 + r.nextInt(25);
          for (int a = 0; a < actions; a++) {
            step++;
            act();
          }
          compare();
          counts.bursts++;
        }
        end();
        ok = true;
      } finally {
        client.close();
        if (ok) {
          deleteTree(root.getParent());
        }
      }
    }

    // ---- the workspace

    void makeWorkspace() throws IOException {
      Files.createDirectories(root);
      if (corpus != null && r.nextInt(8) != 0) {
        List<Path> sources;
        try (Stream<Path> s = Files.list(corpus)) {
          sources = s.filter(Files::isDirectory).sorted().toList();
        }
        Path source = sources.get(r.nextInt(sources.size()));
        List<Path> files;
        try (Stream<Path> s = Files.walk(source)) {
          files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("LICENSE")).sorted().toList();
        }
        // A chart or a kustomization of the source, whole (its templates, values, resources), in one session of two that has one.
        List<Path> contextFolders = files.stream().filter(f -> f.getFileName().toString().equals("Chart.yaml") || isKustomization(f))
            .map(Path::getParent).distinct().sorted().toList();
        if (!contextFolders.isEmpty() && r.nextBoolean()) {
          Path folder = contextFolders.get(r.nextInt(contextFolders.size()));
          List<Path> whole = files.stream().filter(f -> f.startsWith(folder)).toList();
          if (whole.size() <= 80) {
            for (Path f : whole) {
              Path to = root.resolve(source.relativize(f).toString());
              Files.createDirectories(to.getParent());
              Files.copy(f, to);
            }
            trace("workspace: all of " + source.getFileName() + "/" + source.relativize(folder));
          }
        }
        int wanted = 3 + r.nextInt(12);
        for (int i = 0; i < wanted && !files.isEmpty(); i++) {
          Path f = files.get(r.nextInt(files.size()));
          if (Files.size(f) > 1_500_000 && r.nextInt(6) != 0) {
            continue;
          }
          Path to = root.resolve(source.relativize(f).toString());
          Files.createDirectories(to.getParent());
          if (!Files.exists(to)) {
            Files.copy(f, to);
          }
        }
        trace("workspace: " + wanted + " files of " + source.getFileName());
      }
      if (r.nextInt(3) == 0) {
        // A deployment-context scenario: overlays and their patches, bases, charts with values, helpers and
        // subcharts, failing renders, missing tools; findings whose fixes edit a patch or values.yaml.
        List<Path> scenarios;
        try (Stream<Path> s = Files.list(ContextScenario.root())) {
          scenarios = s.filter(Files::isDirectory).sorted().toList();
        }
        Path scenario = scenarios.get(r.nextInt(scenarios.size()));
        String under = FuzzManifests.pick(r, new String[] {"", "", "deploy/"});
        try (Stream<Path> s = Files.walk(scenario)) {
          for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
            Path to = root.resolve(under + scenario.relativize(f));
            Files.createDirectories(to.getParent());
            if (!Files.exists(to)) {
              Files.copy(f, to);
            }
          }
        }
        trace("workspace: the context scenario " + scenario.getFileName() + " in ./" + under);
      }
      int generated = 1 + r.nextInt(5);
      for (int i = 0; i < generated; i++) {
        write(root.resolve(FuzzManifests.pick(r, new String[] {"", "apps/", "gen/", "shop/"}) + "gen-" + i + ".yaml"), FuzzManifests.anyFile(r));
      }
      if (r.nextInt(3) == 0) {
        write(root.resolve(".meshprobe.yaml"), FuzzManifests.config(r));
      }
      if (walked().stream().anyMatch(this::inContext)) {
        counts.contextSessions++;
      }
      if (r.nextInt(15) == 0) {
        write(root.resolve("big/one-line.yaml"), FuzzManifests.oneLine(1000 + r.nextInt(3000)));
      }
    }

    // ---- one action

    void act() throws Exception {
      int roll = r.nextInt(100);
      if (open.isEmpty() || roll < 8) {
        open();
      } else if (roll < 38) {
        edit();
      } else if (roll < 43) {
        close();
      } else if (roll < 47) {
        save();
      } else if (roll < 57) {
        diskChange();
      } else if (roll < 75) {
        request();
      } else if (roll < 84) {
        applyCodeAction();
      } else if (roll < 86) {
        settings();
      } else {
        abuse();
      }
    }

    void open() throws IOException {
      Path p;
      String text;
      List<Path> closed = walked().stream().filter(f -> !open.containsKey(f)).toList();
      List<Path> ofContexts = closed.stream().filter(this::inContext).toList();
      if (!ofContexts.isEmpty() && r.nextBoolean()) {
        closed = ofContexts;
      }
      if (closed.isEmpty() || r.nextInt(10) == 0) {
        p = root.resolve("apps/new-" + step + ".yaml");
        if (Files.exists(p) || open.containsKey(p)) {
          return;
        }
        text = FuzzManifests.anyFile(r);
      } else {
        p = closed.get(r.nextInt(closed.size()));
        DecodedText d = DecodedText.decode(Files.readAllBytes(p));
        if (!d.ok()) {
          return;
        }
        text = d.text();
      }
      Doc doc = new Doc(p, text, 1 + r.nextInt(5));
      open.put(p, doc);
      trace("open " + rel(p) + " v" + doc.version);
      client.notify("textDocument/didOpen", object("textDocument", object("uri", doc.uri, "languageId", "yaml", "version", doc.version,
          "text", text)).toString());
      counts.opens++;
    }

    /** The one-line manifest of thousands of containers: opened, and its inlay hints asked for, timed (not judged). */
    void openBig(Path big) throws Exception {
      String text = Files.readString(big);
      Doc doc = new Doc(big, text, 1);
      open.put(big, doc);
      trace("open " + rel(big) + " (" + text.length() + " chars on one line)");
      client.open(doc.uri, 1, text);
      counts.opens++;
      barrier();
      JsonObject all = object("start", object("line", 0, "character", 0), "end", object("line", 2, "character", 0));
      long start = System.nanoTime();
      JsonObject hints = answer("textDocument/inlayHint", object("textDocument", object("uri", doc.uri), "range", all));
      long millis = (System.nanoTime() - start) / 1_000_000;
      check(hints.has("result") && hints.getAsJsonArray("result").size() > 0, "no inlay hints on the one-line manifest: " + hints.get("error"));
      counts.oneLineFiles++;
      if (millis > counts.oneLineMaxMillis) {
        counts.oneLineMaxMillis = millis;
        counts.oneLineMaxChars = text.length();
      }
    }

    void close() throws IOException {
      Doc d = anyOpen();
      trace("close " + rel(d.path));
      close(d);
    }

    void edit() throws IOException {
      Doc d = anyOpen();
      JsonArray changes = new JsonArray();
      if (r.nextInt(30) == 0) {
        d.text = r.nextBoolean() ? FuzzManifests.anyFile(r) : d.text + "\n";
        changes.add(object("text", d.text));
        trace("edit " + rel(d.path) + ": the whole text");
      } else {
        int n = r.nextInt(6) == 0 ? 2 + r.nextInt(3) : 1;
        boolean context = inContext(d.path);
        if (context) {
          counts.contextEdits++;
        }
        for (int i = 0; i < n; i++) {
          int[] span = new int[2];
          String insert = mutation(d.text, span, context);
          changes.add(object("range", range(d.text, span[0], span[1]), "text", insert));
          trace("edit " + rel(d.path) + " [" + span[0] + "," + span[1] + ") -> " + new JsonPrimitive(insert));
          d.text = d.text.substring(0, span[0]) + insert + d.text.substring(span[1]);
        }
      }
      if (r.nextInt(25) == 0) {
        d.version = null;
        counts.versionless++;
        trace("  (without a version)");
      } else {
        d.version = ++d.counter;
      }
      sendChange(d, changes);
    }

    void sendChange(Doc d, JsonArray changes) throws IOException {
      JsonObject id = object("uri", d.uri);
      id.add("version", d.version == null ? JsonNull.INSTANCE : new JsonPrimitive(d.version));
      client.notify("textDocument/didChange", object("textDocument", id, "contentChanges", changes).toString());
      counts.didChanges++;
      counts.contentChanges += changes.size();
    }

    /**
     * One edit an editor makes in {@code text}: sets {@code span} to the replaced range and returns the new
     * text for it; in a file of a chart or kustomization ({@code context}), often what is typed there.
     */
    String mutation(String text, int[] span, boolean context) {
      int at = boundary(text, r.nextInt(text.length() + 1));
      span[0] = at;
      span[1] = at;
      switch (r.nextInt(10)) {
        case 0, 1, 2, 3 -> {
          return FuzzManifests.pick(r, context && r.nextBoolean() ? FuzzManifests.CONTEXT_PIECES : FuzzManifests.PIECES);
        }
        case 4, 5 -> {
          span[1] = boundary(text, Math.min(text.length(), at + 1 + r.nextInt(40)));
          return "";
        }
        case 6 -> {
          String[] group = FuzzManifests.SWAPS[r.nextInt(FuzzManifests.SWAPS.length)];
          String word = FuzzManifests.pick(r, group);
          int found = text.indexOf(word, at);
          if (found < 0) {
            found = text.indexOf(word);
          }
          if (found >= 0) {
            span[0] = found;
            span[1] = found + word.length();
            return FuzzManifests.pick(r, group);
          }
          return FuzzManifests.pick(r, group);
        }
        case 7, 8 -> {
          int start = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
          int end = text.indexOf('\n', at);
          end = end < 0 ? text.length() : end + 1;
          span[0] = start;
          span[1] = start;
          if (r.nextBoolean()) {
            return text.substring(start, end);
          }
          span[1] = end;
          return "";
        }
        default -> {
          span[1] = boundary(text, Math.min(text.length(), at + r.nextInt(20)));
          return FuzzManifests.pick(r, FuzzManifests.PIECES);
        }
      }
    }

    /**
     * The editor saves an open document: its text written to disk, then {@code didSave}, and, as a file
     * watcher also sees the write, sometimes a watched-file event for it too.
     */
    void save() throws IOException {
      Doc d = anyOpen();
      write(d.path, d.text);
      trace("save " + rel(d.path));
      client.notify("textDocument/didSave", object("textDocument", object("uri", d.uri)).toString());
      counts.saves++;
      if (r.nextBoolean()) {
        client.notify("workspace/didChangeWatchedFiles", object("changes", array(object("uri", d.uri, "type", 2))).toString());
        counts.watchedEvents++;
      }
    }

    void diskChange() throws IOException {
      int kind = r.nextInt(10);
      List<Path> closed = walked().stream().filter(f -> !open.containsKey(f)).toList();
      List<Path> ofContexts = closed.stream().filter(this::inContext).toList();
      if (!ofContexts.isEmpty() && r.nextBoolean()) {
        closed = ofContexts;
      }
      Path p;
      int type;
      if (kind < 3 && !closed.isEmpty()) {
        p = closed.get(r.nextInt(closed.size()));
        DecodedText d = DecodedText.decode(Files.readAllBytes(p));
        String text = d.ok() ? d.text() : "";
        int[] span = new int[2];
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          String insert = mutation(text, span, inContext(p));
          text = text.substring(0, span[0]) + insert + text.substring(span[1]);
        }
        write(p, text);
        type = 2;
      } else if (kind < 6) {
        String place = FuzzManifests.pick(r, SKIPPED_PLACES);
        String name = r.nextInt(3) == 0 ? FuzzManifests.pick(r, SKIPPED_NAMES) : "disk-" + r.nextInt(6) + (r.nextInt(4) == 0 ? ".yml" : ".yaml");
        p = root.resolve(place + name);
        if (open.containsKey(p)) {
          return;
        }
        type = Files.exists(p) ? 2 : 1;
        write(p, r.nextBoolean() ? FuzzManifests.peerAuthentication(r) : FuzzManifests.anyFile(r));
      } else if (kind < 8) {
        p = root.resolve(r.nextBoolean() ? ".meshprobe.yaml" : FuzzManifests.pick(r, new String[] {"apps/", "gen/", "shop/"}) + ".meshprobe.yaml");
        if (open.containsKey(p)) {
          return;
        }
        type = Files.exists(p) ? 2 : 1;
        if (type == 2 && r.nextInt(3) == 0) {
          Files.delete(p);
          type = 3;
        } else {
          write(p, FuzzManifests.config(r));
        }
      } else {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
          all = s.filter(Files::isRegularFile).filter(f -> !open.containsKey(f)).sorted().toList();
        }
        if (all.isEmpty()) {
          return;
        }
        List<Path> allOfContexts = all.stream().filter(this::inContext).toList();
        p = !allOfContexts.isEmpty() && r.nextBoolean() ? allOfContexts.get(r.nextInt(allOfContexts.size())) : all.get(r.nextInt(all.size()));
        if (kind == 8) {
          Files.delete(p);
          type = 3;
        } else {
          type = 2;
        }
      }
      trace("disk: " + (type == 1 ? "created " : type == 2 ? "changed " : "deleted ") + rel(p));
      JsonArray changes = new JsonArray();
      changes.add(object("uri", p.toUri().toString(), "type", type));
      if (r.nextInt(5) == 0) {
        // A watcher may report a file that did not change, or one that is not there.
        changes.add(object("uri", root.resolve("nowhere-" + r.nextInt(3) + ".yaml").toUri().toString(), "type", 1 + r.nextInt(3)));
      }
      client.notify("workspace/didChangeWatchedFiles", object("changes", changes).toString());
      counts.watchedEvents += changes.size();
    }

    void request() throws Exception {
      String uri;
      String text;
      int roll = r.nextInt(10);
      if (roll < 7) {
        Doc d = anyOpen();
        uri = d.uri;
        text = d.text;
      } else if (roll < 9 && !walked().isEmpty()) {
        List<Path> w = walked();
        Path p = w.get(r.nextInt(w.size()));
        uri = p.toUri().toString();
        text = open.containsKey(p) ? open.get(p).text : "";
      } else {
        uri = r.nextBoolean() ? root.resolve("missing.yaml").toUri().toString() : "untitled:Untitled-" + r.nextInt(3);
        text = "";
      }
      int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
      JsonObject position = object("line", r.nextInt(lines + 2), "character", r.nextInt(r.nextInt(4) == 0 ? 5000 : 80));
      JsonObject doc = object("uri", uri);
      switch (r.nextInt(10)) {
        case 0, 1, 2, 3 -> answer("textDocument/hover", object("textDocument", doc, "position", position));
        case 4, 5, 6 -> {
          JsonObject range = r.nextBoolean() ? object("start", object("line", 0, "character", 0), "end", object("line", lines + 1, "character", 0))
              : object("start", position, "end", object("line", r.nextInt(lines + 2), "character", r.nextInt(80)));
          answer("textDocument/inlayHint", object("textDocument", doc, "range", range));
        }
        case 7, 8 -> answer("textDocument/codeAction", object("textDocument", doc, "range", object("start", position, "end", position),
            "context", object("diagnostics", new JsonArray())));
        default -> answer("textDocument/diagnostic", object("textDocument", doc));
      }
    }

    void applyCodeAction() throws Exception {
      Doc d = anyOpen();
      JsonObject published = settledPublication(d);
      JsonObject listed;
      if (r.nextInt(6) == 0) {
        listed = answer("textDocument/codeAction", object("textDocument", object("uri", d.uri), "range", range(d.text, 0, d.text.length()),
            "context", object("diagnostics", new JsonArray(), "only", array("source.fixAll"))));
      } else {
        if (published == null || published.getAsJsonArray("diagnostics").isEmpty()) {
          return;
        }
        JsonArray ds = published.getAsJsonArray("diagnostics");
        JsonObject diagnostic = ds.get(r.nextInt(ds.size())).getAsJsonObject();
        listed = answer("textDocument/codeAction", object("textDocument", object("uri", d.uri), "range", diagnostic.get("range"),
            "context", object("diagnostics", array(diagnostic))));
      }
      JsonArray actions = listed.has("result") && listed.get("result").isJsonArray() ? listed.getAsJsonArray("result") : new JsonArray();
      if (actions.isEmpty()) {
        return;
      }
      JsonObject action = actions.get(r.nextInt(actions.size())).getAsJsonObject();
      trace("resolve \"" + action.get("title").getAsString() + "\" in " + rel(d.path));
      JsonObject resolved = answer("codeAction/resolve", action);
      JsonElement result = resolved.get("result");
      if (result == null || !result.isJsonObject() || !result.getAsJsonObject().has("edit")) {
        return;
      }
      trace("  and apply it");
      applyEdit(result.getAsJsonObject().getAsJsonObject("edit"));
      counts.actionsApplied++;
      if (inContext(d.path)) {
        counts.contextActionsApplied++;
      }
    }

    /** Applies a workspace edit as a client does: open documents in the editor (then didChange), other files on disk (then an event). */
    void applyEdit(JsonObject edit) throws IOException {
      check(edit.has("documentChanges"), "a workspace edit without documentChanges for a client that takes them: " + edit);
      JsonArray events = new JsonArray();
      for (JsonElement e : edit.getAsJsonArray("documentChanges")) {
        JsonObject change = e.getAsJsonObject();
        if (change.has("kind")) {
          check(change.get("kind").getAsString().equals("create"), "a resource operation the client did not offer: " + change);
          Path p = Path.of(java.net.URI.create(change.get("uri").getAsString()));
          if (!Files.exists(p)) {
            write(p, "");
            events.add(object("uri", p.toUri().toString(), "type", 1));
          }
          continue;
        }
        String uri = change.getAsJsonObject("textDocument").get("uri").getAsString();
        JsonElement version = change.getAsJsonObject("textDocument").get("version");
        Path p = Path.of(java.net.URI.create(uri));
        Doc d = open.get(p);
        JsonArray edits = change.getAsJsonArray("edits");
        if (d != null) {
          check(version == null || version.isJsonNull() || Objects.equals(d.version, version.getAsInt()),
              "an edit for version " + version + " of " + rel(p) + ", which is at version " + d.version);
          JsonArray changes = applyEdits(d.text, edits, d);
          d.version = ++d.counter;
          sendChange(d, changes);
        } else {
          DecodedText disk = Files.exists(p) ? DecodedText.decode(Files.readAllBytes(p)) : null;
          String text = disk != null && disk.ok() ? disk.text() : "";
          Doc shadow = new Doc(p, text, 0);
          applyEdits(text, edits, shadow);
          write(p, shadow.text);
          events.add(object("uri", uri, "type", 2));
        }
      }
      if (!events.isEmpty()) {
        client.notify("workspace/didChangeWatchedFiles", object("changes", events).toString());
        counts.watchedEvents += events.size();
      }
    }

    /**
     * Applies LSP text edits (ranges in the original text, none overlapping) to {@code d}; returns them
     * as content changes, last first, so that each holds in the text the previous ones left.
     */
    JsonArray applyEdits(String original, JsonArray edits, Doc d) {
      int[] starts = lineStarts(original);
      List<int[]> spans = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (JsonElement e : edits) {
        JsonObject te = e.getAsJsonObject();
        int from = offset(original, starts, te.getAsJsonObject("range").getAsJsonObject("start"));
        int to = offset(original, starts, te.getAsJsonObject("range").getAsJsonObject("end"));
        check(from <= to, "an edit whose range ends before it starts: " + te);
        spans.add(new int[] {from, to, spans.size()});
        texts.add(te.get("newText").getAsString());
      }
      spans.sort(Comparator.<int[]>comparingInt(s -> -s[0]).thenComparingInt(s -> -s[2]));
      JsonArray changes = new JsonArray();
      String text = original;
      int lastStart = Integer.MAX_VALUE;
      for (int[] s : spans) {
        check(s[1] <= lastStart, "overlapping edits: " + edits);
        lastStart = s[0];
        changes.add(object("range", range(text, s[0], s[1]), "text", texts.get(s[2])));
        text = text.substring(0, s[0]) + texts.get(s[2]) + text.substring(s[1]);
      }
      d.text = text;
      return changes;
    }

    void settings() throws IOException {
      istioVersion = r.nextBoolean() ? null : FuzzManifests.pick(r, FuzzManifests.VERSIONS);
      mtls = r.nextBoolean() ? null : FuzzManifests.pick(r, new String[] {"STRICT", "PERMISSIVE", "DISABLE"});
      JsonObject meshprobe = new JsonObject();
      if (istioVersion != null) {
        meshprobe.add("istio", object("version", istioVersion));
      }
      if (mtls != null) {
        meshprobe.add("mesh", object("mtls", mtls));
      }
      trace("settings " + meshprobe);
      client.notify("workspace/didChangeConfiguration", object("settings", object("meshprobe", meshprobe)).toString());
    }

    // ---- protocol abuse, each with the answer LSP gives it

    void abuse() throws Exception {
      counts.abuses++;
      Doc d = anyOpen();
      String doc = object("uri", d.uri).toString();
      switch (r.nextInt(11)) {
        case 0 -> {
          // Each method, with parameters that lack what it needs or have the wrong shape.
          String position = "\"position\":{\"line\":0,\"character\":0}";
          String[][] bad = {{"textDocument/hover", "null", "42", "{}", "{\"textDocument\":" + doc + "}", "{" + position + "}",
              "{\"textDocument\":{}," + position + "}", "[1,2]"},
              {"textDocument/inlayHint", "null", "{}", "{\"textDocument\":" + doc + "}", "{\"textDocument\":" + doc + ",\"range\":{\"start\":{}}}"},
              {"textDocument/codeAction", "null", "{\"textDocument\":" + doc + ",\"context\":{\"diagnostics\":[]}}"},
              {"textDocument/diagnostic", "null", "{}", "{\"textDocument\":{}}", "\"text\""}, {"codeAction/resolve", "null", "[]"}};
          String[] m = bad[r.nextInt(bad.length)];
          String params = m[1 + r.nextInt(m.length - 1)];
          trace("abuse: " + m[0] + " with " + params);
          expectError(m[0], params, -32602);
        }
        case 1 -> {
          String method = FuzzManifests.pick(r, new String[] {"textDocument/definition", "textDocument/completion", "workspace/executeCommand",
              "inlayHint/resolve", "meshprobe/nothing", "textDocument/formatting"});
          trace("abuse: " + method);
          expectError(method, "{\"textDocument\":" + doc + ",\"position\":{\"line\":0,\"character\":0},\"command\":\"x\",\"label\":\"x\"}", -32601);
        }
        case 2 -> misframed(d);
        case 3 -> {
          List<Path> closed = walked().stream().filter(f -> !open.containsKey(f)).toList();
          if (!closed.isEmpty()) {
            Path p = closed.get(r.nextInt(closed.size()));
            trace("abuse: didChange for " + rel(p) + ", which is not open");
            client.change(p.toUri().toString(), 7, 0, 0, 0, 0, "kind: Namespace\nmetadata: {name: shop, labels: {istio-injection: disabled}}\n---\n");
          }
        }
        case 4 -> resolveAfterClose(d);
        case 5 -> {
          trace("abuse: a second initialize");
          expectError("initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}", -32600);
        }
        case 6 -> {
          // LSP4J reads a missing contentChanges as none: the document moves to the version given, its text unchanged.
          d.version = ++d.counter;
          trace("abuse: didChange without contentChanges (v" + d.version + "), didClose of nothing open, didOpen without text");
          client.notify("textDocument/didChange", "{\"textDocument\":{\"uri\":\"" + d.uri + "\",\"version\":" + d.version + "}}");
          client.notify("textDocument/didClose", "{\"textDocument\":{\"uri\":\"" + root.resolve("never-opened.yaml").toUri() + "\"}}");
          client.notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + root.resolve("never-opened.yaml").toUri() + "\"}}");
        }
        case 7 -> {
          trace("abuse: $/cancelRequest for what was never sent, and $/setTrace");
          client.notify("$/cancelRequest", "{\"id\":\"never-" + step + "\"}");
          client.notify("$/setTrace", "{\"value\":\"verbose\"}");
        }
        case 8 -> {
          // Random parameters for real requests: any answer but an internal error.
          String method = FuzzManifests.pick(r, new String[] {"textDocument/hover", "textDocument/inlayHint", "textDocument/codeAction",
              "codeAction/resolve", "textDocument/diagnostic"});
          String params = randomJson(0, d.uri);
          trace("abuse: " + method + " with " + params);
          answer(method, params);
        }
        case 9 -> {
          trace("abuse: didOpen of an open document (" + rel(d.path) + ")");
          d.version = ++d.counter;
          client.notify("textDocument/didOpen", object("textDocument", object("uri", d.uri, "languageId", "yaml", "version", d.version,
              "text", d.text)).toString());
        }
        default -> {
          trace("abuse: a notification sent as a request");
          expectError("textDocument/didSave", "{\"textDocument\":" + doc + "}", -32600);
        }
      }
    }

    /** A hover framed wrongly, then one framed well, which must be answered. */
    void misframed(Doc d) throws Exception {
      String id = "misframed-" + step;
      String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\""
          + d.uri + "\"},\"position\":{\"line\":0,\"character\":0}}}";
      int size = body.getBytes(StandardCharsets.UTF_8).length;
      String header = switch (r.nextInt(7)) {
        case 0 -> "Content-Length: " + (size - 1 - r.nextInt(size - 2)) + "\r\n\r\n";
        case 1 -> "Content-Length: " + (size + 1 + r.nextInt(1000)) + "\r\n\r\n";
        case 2 -> "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n";
        case 3 -> "Content-Length: -" + size + "\r\n\r\n";
        case 4 -> "Content-Length: 2000000000\r\n\r\n";
        case 5 -> "garbage " + r.nextInt() + "\r\nContent-Length: " + size + "\r\n\r\n";
        default -> "Content-Length: abc\r\n\r\n";
      };
      trace("abuse: misframed " + new JsonPrimitive(header));
      client.sendRaw((header + body).getBytes(StandardCharsets.UTF_8));
      answer("textDocument/hover", object("textDocument", object("uri", d.uri), "position", object("line", 0, "character", 0)));
      JsonObject late = client.awaitResponse(id, 0);
      if (late != null && late.has("error")) {
        check(late.getAsJsonObject("error").get("code").getAsInt() != -32603, "a misframed request answered with an internal error: " + late);
      }
    }

    void resolveAfterClose(Doc d) throws Exception {
      JsonObject published = settledPublication(d);
      if (published == null || published.getAsJsonArray("diagnostics").isEmpty()) {
        return;
      }
      JsonObject diagnostic = published.getAsJsonArray("diagnostics").get(0).getAsJsonObject();
      JsonObject listed = answer("textDocument/codeAction", object("textDocument", object("uri", d.uri), "range", diagnostic.get("range"),
          "context", object("diagnostics", array(diagnostic))));
      JsonArray actions = listed.getAsJsonArray("result");
      if (actions == null || actions.isEmpty()) {
        return;
      }
      trace("abuse: resolve after closing " + rel(d.path));
      close(d);
      answer("codeAction/resolve", actions.get(r.nextInt(actions.size())).getAsJsonObject());
    }

    void close(Doc d) throws IOException {
      open.remove(d.path);
      client.notify("textDocument/didClose", object("textDocument", object("uri", d.uri)).toString());
      counts.closes++;
    }

    void beforeInitialize() throws Exception {
      trace("abuse: hover and didOpen before initialize");
      counts.abuses++;
      expectError("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + root.resolve("x.yaml").toUri() + "\"},\"position\":{\"line\":0,\"character\":0}}",
          -32002);
      // Dropped, as LSP says: it must not count as open later.
      client.notify("textDocument/didOpen", object("textDocument", object("uri", root.resolve("dropped.yaml").toUri().toString(),
          "languageId", "yaml", "version", 1, "text", FuzzManifests.peerAuthentication(r))).toString());
    }

    void end() throws Exception {
      compareLogs();
      int how = r.nextInt(4);
      if (how < 2) {
        trace("shutdown, a request after it, exit");
        JsonObject answer = answer("shutdown", "null");
        check(answer.has("result") && answer.get("result").isJsonNull(), "shutdown answered " + answer);
        expectError("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + root.resolve("x.yaml").toUri() + "\"},\"position\":{\"line\":0,\"character\":0}}",
            -32600);
        client.notify("exit", "null");
        check(awaitExit() && client.exitCode == 0, "exit after shutdown asked for exit code " + client.exitCode);
      } else if (how == 2) {
        trace("exit without shutdown");
        client.notify("exit", "null");
        check(awaitExit() && client.exitCode == 1, "exit without shutdown asked for exit code " + client.exitCode);
      } else {
        trace("the client's stream closes");
      }
    }

    boolean awaitExit() throws InterruptedException {
      for (int i = 0; i < 1000 && !client.exited; i++) {
        Thread.sleep(5);
      }
      return client.exited;
    }

    /**
     * The diagnostics last published for {@code d} once the server has handled everything sent before:
     * what a session chooses from must not depend on how far the server has got, or a replay would
     * choose otherwise.
     */
    JsonObject settledPublication(Doc d) throws Exception {
      settle();
      return client.lastPublished(d.uri);
    }

    /**
     * Waits until the server has handled everything sent ({@link #barrier}) and every chart and overlay
     * render due for the current texts has been kept and published: the status says none is pending. No
     * render may then be stale: a change the server rendered nothing for is a missed render.
     */
    void settle() throws Exception {
      barrier();
      JsonObject idle = client.awaitRendersIdle(120);
      if (idle == null) {
        fail("the server still renders 120 s after the last message: " + client.lastStatus(), null, null);
      }
      List<String> stale = LspTestAccess.staleContexts(client.server);
      if (!stale.isEmpty()) {
        fail("no render is pending, but the renders of " + stale + " are stale: a change was not rendered", null, null);
      }
    }

    /** A request: answered after every notification sent before it, so the server has handled them all. */
    void barrier() throws Exception {
      answer("textDocument/hover", object("textDocument", object("uri", root.resolve("barrier.yaml").toUri().toString()),
          "position", object("line", 0, "character", 0)));
    }

    // ---- the comparison

    void compare() throws Exception {
      settle();
      Map<Path, String> held = LspTestAccess.onEngine(client.server, ws -> {
        Map<Path, String> texts = new TreeMap<>();
        for (Path p : open.keySet()) {
          var f = ws.file(p);
          texts.put(p, f == null || f.source() == null ? null : f.source().text());
        }
        return texts;
      });
      for (Doc d : open.values()) {
        if (!d.text.equals(held.get(d.path))) {
          fail("the server's text of " + rel(d.path) + " is not the editor's", null, null);
        }
        write(d.path, d.text);
      }
      Map<String, List<String>> cli = checkCommand();
      for (Doc d : open.values()) {
        JsonObject published = client.lastPublished(d.uri);
        if (published == null) {
          fail("no diagnostics were published for the open " + rel(d.path), List.of(), cli.getOrDefault(rel(d.path), List.of()));
        }
        List<String> server = new ArrayList<>();
        for (JsonElement e : published.getAsJsonArray("diagnostics")) {
          JsonObject o = e.getAsJsonObject();
          server.add(finding(o.getAsJsonObject("range"), o.get("code").getAsString(), o.get("severity").getAsInt(), o.get("message").getAsString()));
        }
        server.sort(null);
        List<String> expected = cli.getOrDefault(rel(d.path), List.of());
        if (!server.equals(expected)) {
          fail("the server's diagnostics for " + rel(d.path) + " differ from `meshprobe check` on the same text", server, expected);
        }
        counts.comparisons++;
        if (inContext(d.path)) {
          counts.contextComparisons++;
        }
      }
      compareLogs();
    }

    /** {@code meshprobe check --format json} on the workspace, in process: findings by file, sorted. */
    Map<String, List<String>> checkCommand() throws IOException {
      List<String> args = new ArrayList<>(List.of("--format", "json", "--fail-on", "never"));
      if (istioVersion != null) {
        args.addAll(List.of("--istio-version", istioVersion));
      }
      if (mtls != null) {
        args.addAll(List.of("--mtls", mtls));
      }
      args.add(".");
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      int code = new CheckCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8), root)
          .run(args.toArray(String[]::new));
      check(code == 0, "meshprobe check exited " + code + ": " + stderr.toString(StandardCharsets.UTF_8));
      Map<String, List<String>> byFile = new TreeMap<>();
      for (JsonElement e : JsonParser.parseString(stdout.toString(StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("findings")) {
        JsonObject f = e.getAsJsonObject();
        int severity = List.of("error", "warning", "info", "hint").indexOf(f.get("severity").getAsString()) + 1;
        byFile.computeIfAbsent(f.get("file").getAsString(), k -> new ArrayList<>())
            .add(finding(f.getAsJsonObject("range"), f.get("rule").getAsString(), severity, f.get("message").getAsString()));
      }
      byFile.values().forEach(l -> l.sort(null));
      return byFile;
    }

    /**
     * A finding as both sides are compared: range, rule, severity and message. While editor settings are
     * in force the message is left out: the server's names the editor settings as the layer that set a
     * value, the command line's names its flags, which it takes them as.
     */
    String finding(JsonObject range, String rule, int severity, String message) {
      JsonObject s = range.getAsJsonObject("start");
      JsonObject e = range.getAsJsonObject("end");
      return String.format(java.util.Locale.ROOT, "%d:%d-%d:%d %s (%s) %s", s.get("line").getAsInt(), s.get("character").getAsInt(),
          e.get("line").getAsInt(), e.get("character").getAsInt(), rule, List.of("error", "warning", "info", "hint").get(severity - 1),
          istioVersion == null && mtls == null ? message : "");
    }

    /** The server's log and the other logs hold no stack trace, no failure, and no request was answered with an internal error. */
    void compareLogs() {
      for (JsonObject m : client.received()) {
        if ("window/logMessage".equals(RawLspClient.method(m)) || "window/showMessage".equals(RawLspClient.method(m))) {
          String text = m.getAsJsonObject("params").get("message").getAsString();
          if (text.startsWith("rendered ")) {
            counts.renders++;
          }
          if (text.contains("\tat ") || text.contains("Exception") || text.contains("Error:") || text.contains(" failed")) {
            fail("the server logged a failure: " + text, null, null);
          }
        }
        if (m.has("error") && m.getAsJsonObject("error").get("code").getAsInt() == -32603) {
          fail("a request was answered with an internal error: " + m, null, null);
        }
      }
      if (!traces.isEmpty()) {
        fail("a stack trace was logged: " + traces.get(0), null, null);
      }
      client.forget();
    }

    // ---- requests

    JsonObject answer(String method, JsonObject params) throws Exception {
      return answer(method, params.toString());
    }

    /** Sends a request; its answer must come, and not as an internal error. */
    JsonObject answer(String method, String params) throws Exception {
      counts.requests++;
      JsonObject a = client.request(method, params);
      if (a == null) {
        fail(method + " was not answered within 20 s", null, null);
      }
      if (a.has("error") && a.getAsJsonObject("error").get("code").getAsInt() == -32603) {
        fail(method + " was answered with an internal error: " + a.get("error"), null, null);
      }
      return a;
    }

    void expectError(String method, String params, int code) throws Exception {
      JsonObject a = answer(method, params);
      check(a.has("error") && a.getAsJsonObject("error").get("code").getAsInt() == code, method + " " + params + " answered " + a + ", not " + code);
    }

    // ---- helpers

    List<Path> walked() {
      return EngineTestAccess.walk(root);
    }

    /** A file of a chart or a kustomization's folder (or below one): a template, values, a base, a patch, the entry. */
    boolean inContext(Path p) {
      for (Path dir = p.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
        if (Files.exists(dir.resolve("Chart.yaml")) || Files.exists(dir.resolve("kustomization.yaml")) || Files.exists(dir.resolve("kustomization.yml"))
            || Files.exists(dir.resolve("Kustomization"))) {
          return true;
        }
      }
      return false;
    }

    Doc anyOpen() throws IOException {
      if (open.isEmpty()) {
        open();
      }
      if (open.isEmpty()) {
        Path p = root.resolve("apps/fallback-" + step + ".yaml");
        Doc doc = new Doc(p, FuzzManifests.anyFile(r), 1);
        open.put(p, doc);
        client.open(doc.uri, 1, doc.text);
        counts.opens++;
        return doc;
      }
      List<Doc> docs = new ArrayList<>(open.values());
      return docs.get(r.nextInt(docs.size()));
    }

    String randomJson(int depth, String uri) {
      return switch (depth > 3 ? r.nextInt(4) : r.nextInt(7)) {
        case 0 -> "null";
        case 1 -> String.valueOf(r.nextInt(2000) - 1000);
        case 2 -> new JsonPrimitive(FuzzManifests.pick(r, FuzzManifests.PIECES)).toString();
        case 3 -> new JsonPrimitive(uri).toString();
        case 4, 5 -> {
          StringBuilder o = new StringBuilder("{");
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            o.append(i > 0 ? "," : "").append('"').append(FuzzManifests.pick(r, new String[] {"textDocument", "uri", "position", "line",
                "character", "range", "start", "end", "context", "diagnostics", "only", "data", "title", "edit", "version"}))
                .append("\":").append(randomJson(depth + 1, uri));
          }
          yield o.append('}').toString();
        }
        default -> {
          StringBuilder a = new StringBuilder("[");
          int n = r.nextInt(3);
          for (int i = 0; i < n; i++) {
            a.append(i > 0 ? "," : "").append(randomJson(depth + 1, uri));
          }
          yield a.append(']').toString();
        }
      };
    }

    String rel(Path p) {
      return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
    }

    void trace(String line) {
      trace.add("burst " + burst + " step " + step + ": " + line);
    }

    void check(boolean ok, String what) {
      if (!ok) {
        fail(what, null, null);
      }
    }

    /** Stops the run with a report: seeds, step, the last actions, the diff of diagnostics, and where the workspace is kept. */
    void fail(String what, List<String> server, List<String> cli) {
      StringBuilder report = new StringBuilder("differential fuzz failure: ").append(what).append('\n');
      report.append("  session seed ").append(seed).append(runSeed == null ? "" : " (run seed " + runSeed + ")")
          .append(", burst ").append(burst).append(", step ").append(step).append('\n');
      report.append("  replay: bash scripts/fuzz-lsp.sh --replay ").append(seed).append('\n');
      if (server != null) {
        List<String> onlyServer = new ArrayList<>(server);
        onlyServer.removeAll(cli);
        List<String> onlyCli = new ArrayList<>(cli);
        onlyCli.removeAll(server);
        report.append("  only in the server's diagnostics:\n");
        onlyServer.forEach(s -> report.append("    ").append(s).append('\n'));
        report.append("  only in meshprobe check's findings:\n");
        onlyCli.forEach(s -> report.append("    ").append(s).append('\n'));
      }
      try {
        // What the server reads against what a fresh walk reads: a difference explains most divergences.
        List<Path> held = LspTestAccess.onEngine(client.server, ws -> List.copyOf(ws.files()));
        List<Path> walk = walked();
        for (Doc d : open.values()) {
          if (what.contains(" for " + rel(d.path) + " ")) {
            String config = LspTestAccess.onEngine(client.server, ws -> ws.layout().configFor(d.path)
                + (ws.file(d.path) == null || ws.file(d.path).config() == ws.layout().configFor(d.path) ? ""
                    : "; its state was built with " + ws.file(d.path).config()));
            report.append("  the server's configuration for it: ").append(config).append('\n');
            report.append("  as meshprobe check reads it: ")
                .append(new dev.meshprobe.engine.Workspace(List.of(root), dev.meshprobe.engine.Log.SILENT).layout().configFor(d.path)).append('\n');
          }
        }
        report.append("  files the server holds that a fresh walk does not read: ")
            .append(held.stream().filter(p -> !walk.contains(p)).map(p -> rel(p) + (open.containsKey(p) ? " (open)" : "")).toList()).append('\n');
        report.append("  files a fresh walk reads that the server does not hold: ")
            .append(walk.stream().filter(p -> !held.contains(p)).map(this::rel).toList()).append('\n');
      } catch (Exception | AssertionError e) {
        report.append("  (the server's files could not be listed: ").append(e).append(")\n");
      }
      try {
        Path kept = artifacts.resolve("session-" + seed);
        deleteTree(kept);
        Files.createDirectories(kept);
        ContextWorkspaces.copy(root, kept.resolve("workspace"));
        Files.write(kept.resolve("trace.txt"), trace);
        report.append("  workspace, open buffers saved, and every action: ").append(kept).append('\n');
      } catch (IOException | UncheckedIOException e) {
        report.append("  (the workspace could not be kept: ").append(e).append(")\n");
      }
      report.append("  last actions:\n");
      trace.subList(Math.max(0, trace.size() - 25), trace.size()).forEach(t -> report.append("    ").append(t).append('\n'));
      out.println(report);
      throw new AssertionError(report.toString());
    }

    void write(Path p, String text) {
      try {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---- positions, as LSP counts them: UTF-16 units, lines ended by \n, \r\n or a lone \r

  static int[] lineStarts(String text) {
    int[] starts = new int[16];
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  static JsonObject position(int[] starts, int offset) {
    int i = Arrays.binarySearch(starts, offset);
    int line = i >= 0 ? i : -i - 2;
    return object("line", line, "character", offset - starts[line]);
  }

  static JsonObject range(String text, int from, int to) {
    int[] starts = lineStarts(text);
    return object("start", position(starts, from), "end", position(starts, to));
  }

  /** The offset of an LSP position; a position outside the text is a server's error. */
  static int offset(String text, int[] starts, JsonObject position) {
    int line = position.get("line").getAsInt();
    int character = position.get("character").getAsInt();
    if (line < 0 || line >= starts.length || character < 0) {
      throw new AssertionError("an edit position outside the text: " + position);
    }
    int lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length();
    int at = starts[line] + character;
    if (at > lineEnd) {
      throw new AssertionError("an edit position past the end of its line: " + position);
    }
    return at;
  }

  /** {@code at}, moved off the middle of a surrogate pair: an editor edits whole characters. */
  static int boundary(String text, int at) {
    return at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
  }

  static boolean isKustomization(Path f) {
    String n = f.getFileName().toString();
    return n.equals("kustomization.yaml") || n.equals("kustomization.yml") || n.equals("Kustomization");
  }

  static JsonObject object(Object... keysAndValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      o.add((String) keysAndValues[i], v instanceof JsonElement e ? e : v instanceof Number n ? new JsonPrimitive(n)
          : v == null ? JsonNull.INSTANCE : new JsonPrimitive(v.toString()));
    }
    return o;
  }

  static JsonArray array(Object... values) {
    JsonArray a = new JsonArray();
    for (Object v : values) {
      a.add(v instanceof JsonElement e ? e : new JsonPrimitive(v.toString()));
    }
    return a;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
