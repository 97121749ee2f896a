package dev.meshprobe.engine;

import dev.meshprobe.text.SourceText;
import dev.meshprobe.yaml.SelectiveParser;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The first reading of a workspace: every manifest under its folders, read and parsed in parallel, and
 * stored. Configuration and kustomization files come first, since every other file's namespace and
 * limits depend on them. The layout's caches are only touched on the calling thread.
 */
final class Indexer {
  /** Files read and parsed together while indexing: bounds the text and trees held at once. */
  private static final int INDEX_BATCH = 256;

  private final FileStore store;
  private final Layout layout;
  private final Log log;
  private final Workspace.IndexHooks hooks;
  /** Told every file the walk found once the layout files are read, before the others are parsed. */
  private final Consumer<List<Path>> found;
  private int meshChanges;
  /** The files still to read while the language server's first index runs, and what was read; null otherwise. */
  private Queue queue;
  private LinkedBlockingQueue<Object> results;

  Indexer(FileStore store, Log log) {
    this(store, log, Workspace.IndexHooks.NONE, paths -> {});
  }

  /**
   * {@code found} is told the files the walk found, after configuration and kustomizations are read and
   * before any other file is parsed: deployment contexts are discovered there, so that a file a rendered
   * context uses is never derived as a plain manifest first. {@code hooks} lets the language server
   * answer the editor while the index runs.
   */
  Indexer(FileStore store, Log log, Workspace.IndexHooks hooks, Consumer<List<Path>> found) {
    this.store = store;
    this.layout = store.layout();
    this.log = log;
    this.hooks = hooks;
    this.found = found;
  }

  /** While the index runs (from a hook): the files of {@code opened}'s folder and the folders above it are read next. */
  void near(Path opened) {
    Queue q = queue;
    if (q != null && q.near(opened)) {
      // The opened file itself has the editor's text: its own reading is not needed.
      results.add(SKIPPED);
    }
  }

  /** Stands for a file the index no longer reads (opened meanwhile) among the results. */
  private static final Object SKIPPED = new Object();

  private record Job(Path path, long maxChars) {}

  /** What a file's state depends on besides its text, looked up on the workspace's thread (the layout is not thread-safe). */
  private record Context(YamlParser parser, SelectiveParser selective, Config config, NamespaceDefault namespace) {}

  /** A file read and parsed on an indexing thread: packed when it is closed and could be, else its parse. */
  private record Parsed(DiskFiles.Read read, YamlFile yaml, FileState packed) {}

  /**
   * Indexes the workspace folders, telling {@code progress} (files done, files found) as it goes;
   * returns the number of files found.
   */
  int indexFolders(BiConsumer<Integer, Integer> progress) {
    // A file the editor opened as the server started is linted before the walk of a large tree.
    hooks.between();
    List<Path> found = layout.walk(log);
    progress.accept(0, found.size());
    List<Job> jobs = new ArrayList<>(found.size());
    for (Path p : found) {
      jobs.add(new Job(p, layout.configFor(p).limits().maxFileChars()));
    }
    // Configuration files first: every other file's namespace and limits depend on them.
    List<Job> rest = new ArrayList<>();
    List<DiskFiles.Read> layoutFiles = new ArrayList<>();
    for (Job j : jobs) {
      if (Layout.isConfigName(j.path) || Layout.isKustomizationName(j.path)) {
        layoutFiles.add(DiskFiles.read(j.path, j.maxChars));
      } else if (!store.isOpen(j.path)) {
        // A file the editor opened meanwhile (a hook) has the editor's text: nothing to read.
        rest.add(j);
      }
    }
    store.storeWhole(layoutFiles);
    layout.invalidate();
    meshChanges += layoutFiles.size();
    this.found.accept(found);
    hooks.between();
    int done = jobs.size() - rest.size();
    if (store.compacts()) {
      indexPacked(rest, done, jobs.size(), progress);
    } else {
      // In batches, so that only one batch's texts and trees are held before the files are stored.
      for (int from = 0; from < rest.size(); from += INDEX_BATCH) {
        List<Job> batch = rest.subList(from, Math.min(rest.size(), from + INDEX_BATCH));
        Map<Path, Context> contexts = contexts(batch);
        List<Parsed> parsed = batch.parallelStream().map(j -> parse(j, contexts.get(j.path))).toList();
        for (Parsed p : parsed) {
          storeParsed(p);
        }
        done += batch.size();
        progress.accept(done, jobs.size());
      }
    }
    return jobs.size();
  }

  /** What a walk done again changed: files that left or came, and whether any was a configuration or kustomization. */
  record Rewalk(boolean moved, boolean layoutFilesMoved) {}

  /**
   * After a configuration changed: the files a fresh walk reads, as the command line would find them.
   * Files the walk no longer reads leave (open buffers stay, holding nothing while ignored: {@link
   * FileBuilder#build}), files it now reads are read. What leaves is what is on disk and the walk now
   * skips: files given that are not on disk (a fix's new .meshprobe.yaml) or outside the folders (the
   * command line's --config) stay; a file deleted on disk leaves with its watcher event.
   */
  Rewalk rewalk() {
    Set<Path> walked = new HashSet<>(layout.walk(log));
    List<Path> gone = store.paths().stream().filter(p -> !walked.contains(p) && !store.isOpen(p) && layout.isInside(p)
        && !p.equals(layout.explicitConfig()) && Files.isRegularFile(p)).toList();
    List<Path> come = walked.stream().filter(p -> store.get(p) == null).sorted().toList();
    gone.forEach(store::remove);
    for (Path p : come) {
      DiskFiles.Read r = DiskFiles.read(p, layout.configFor(p).limits().maxFileChars());
      store.store(p, r.text() == null ? store.notRead(p, r.notRead()) : store.build(p, r.text(), null, null));
    }
    boolean layoutFiles = Stream.concat(gone.stream(), come.stream()).anyMatch(p -> Layout.isConfigName(p) || Layout.isKustomizationName(p));
    return new Rewalk(!gone.isEmpty() || !come.isEmpty(), layoutFiles);
  }

  private Map<Path, Context> contexts(List<Job> jobs) {
    Map<Path, Context> contexts = new HashMap<>();
    for (Job j : jobs) {
      Context c = context(j.path);
      if (c != null) {
        contexts.put(j.path, c);
      }
    }
    return contexts;
  }

  /** The context of a file to index, or null for a Helm chart template (built whole, never parsed here). */
  private Context context(Path path) {
    if (layout.isHelmTemplate(path)) {
      return null;
    }
    Config cfg = layout.configFor(path);
    // A file a rendered context uses keeps no plain objects: it is parsed whole and packed to its line index.
    return store.packs(path) && !layout.claimed(path)
        ? new Context(null, new SelectiveParser(cfg.limits()), cfg, layout.defaultNamespace(path, cfg))
        : new Context(FileBuilder.parserFor(cfg), null, cfg, null);
  }

  /**
   * Reads and parses one file; touches no shared state. A closed file of the language server is
   * compacted here, so that its full tree is garbage as soon as it is packed, and the documents it would
   * drop are not even parsed. A file that cannot be packed this way (a Go template) is parsed whole, and
   * built on the workspace's thread as before.
   */
  private Parsed parse(Job j, Context c) {
    return parse(j, c, DiskFiles.read(j.path, j.maxChars));
  }

  private Parsed parse(Job j, Context c, DiskFiles.Read r) {
    if (r.text() == null || c == null) {
      return new Parsed(r, null, null);
    }
    try {
      if (c.selective != null && !TemplateLanguages.mayBeTemplate(r.text())) {
        String key = j.path.toString();
        List<DocState> kept = new ArrayList<>();
        if (c.selective.forEach(r.text(), UnusedDocuments::skip, doc -> {
          DocState d = Compaction.packIfKept(key, doc, c.namespace);
          if (d != null) {
            kept.add(d);
          }
        })) {
          return new Parsed(r, null, new FileState(j.path, SourceText.positionsOf(r.text()), null, List.copyOf(kept), null, c.config, false, true));
        }
      }
      YamlParser parser = c.parser != null ? c.parser : FileBuilder.parserFor(c.config);
      return new Parsed(r, parser.parse(r.text()), null);
    } catch (RuntimeException e) {
      log.warn("could not parse " + j.path, e);
      return new Parsed(r, null, null);
    }
  }

  /** Stores what {@link #parse} gave, unless the file was opened meanwhile. */
  private void storeParsed(Parsed p) {
    DiskFiles.Read r = p.read;
    if (store.isOpen(r.path())) {
      return;
    }
    FileState stored;
    if (p.packed != null && p.packed.config == layout.configFor(r.path())) {
      stored = p.packed;
      store.put(r.path(), stored);
    } else {
      stored = store.store(r.path(), r.text() == null ? store.notRead(r.path(), r.notRead()) : store.build(r.path(), r.text(), p.yaml, null));
    }
    for (DocState d : stored.documents) {
      if (d.mayBeMeshRelevant()) {
        meshChanges++;
        break;
      }
    }
  }

  /**
   * How many stored files may have brought mesh facts so far (and the configuration and kustomization
   * files, which every object's namespace depends on): a lint made when this was last read stands for
   * the mesh as long as it has not grown.
   */
  int meshChanges() {
    return meshChanges;
  }

  /**
   * Indexes the files of a workspace that compacts closed files, on one thread per core, storing the
   * results, small once packed, here as they come. The order serves a file the editor opens meanwhile:
   * first the files of its folder and of the folders above it (its namespace-less policies); then every
   * file is scanned ({@link MeshScan}, bytes only) and those that may hold mesh facts are read at once,
   * so that its verdicts soon rest on the cluster's Namespaces and policies; then the rest, largest
   * first, so that no core waits for one multi-megabyte file at the end. Between two stored files, and
   * at least every 20 ms, {@link Workspace.IndexHooks#between} lets the language server handle what the
   * editor sent; {@link Workspace.IndexHooks#meshFactsIn} says when the scan's files are stored.
   */
  private void indexPacked(List<Job> rest, int done, int total, BiConsumer<Integer, Integer> progress) {
    Map<Path, Long> sizes = new HashMap<>();
    for (Job j : rest) {
      long size;
      try {
        size = Files.size(j.path);
      } catch (IOException e) {
        size = 0;
      }
      sizes.put(j.path, size);
    }
    Map<Path, Context> contexts = contexts(rest);
    Queue q = new Queue(rest, sizes);
    for (Path opened : store.openPaths()) {
      // Opened before this queue existed (a hook before the walk): its folder next.
      q.near(opened);
    }
    for (Job j : rest) {
      if (!store.packs(j.path)) {
        // A file the editor is opening (its didOpen waits behind this index, or comes through a hook):
        // read first, kept whole; its folder next.
        q.near(j.path);
        q.first(j);
      }
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread t = new Thread(task, "meshprobe-index-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    LinkedBlockingQueue<Object> results = new LinkedBlockingQueue<>();
    this.results = results;
    queue = q;
    try {
      for (int i = 0; i < threads; i++) {
        pool.execute(() -> {
          for (Queue.Task task; (task = q.take()) != null; ) {
            try {
              Context c = contexts.get(task.job().path);
              Parsed p = task.scan() ? scan(task.job(), c, q) : parse(task.job(), c);
              if (p != null) {
                results.add(p);
              }
            } catch (RuntimeException | Error e) {
              results.add(e);
            } finally {
              q.done(task);
            }
          }
        });
      }
      boolean meshTold = false;
      for (int stored = 0; stored < rest.size(); ) {
        Object r;
        try {
          r = results.poll(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("indexing interrupted", e);
        }
        if (r != null) {
          store(r);
          stored++;
          done++;
          if (stored % INDEX_BATCH == 0 || stored == rest.size()) {
            progress.accept(done, total);
          }
        }
        if (!meshTold && q.meshPhaseOver()) {
          // Everything the scan picked was handed over before the queue said so: store it, then tell.
          for (Object more; (more = results.poll()) != null; stored++, done++) {
            store(more);
          }
          meshTold = true;
          hooks.meshFactsIn();
        }
        hooks.between();
      }
    } finally {
      queue = null;
      this.results = null;
      q.close();
      pool.shutdownNow();
    }
  }

  private void store(Object result) {
    if (result instanceof Throwable t) {
      throw new IllegalStateException("indexing failed", t);
    }
    if (result != SKIPPED) {
      storeParsed((Parsed) result);
    }
  }

  /**
   * Reads a file's bytes; when it may hold mesh facts, decodes and parses it now, else leaves it for
   * later (it is read again then: from the page cache, a fraction of what parsing it costs).
   */
  private Parsed scan(Job j, Context c, Queue q) {
    byte[] bytes;
    try {
      if (Files.size(j.path) > j.maxChars) {
        q.later(j);
        return null;
      }
      bytes = Files.readAllBytes(j.path);
    } catch (IOException e) {
      return parse(j, c);
    }
    if (!MeshScan.mayHoldMeshFacts(bytes)) {
      q.later(j);
      return null;
    }
    return parse(j, c, DiskFiles.decode(j.path, bytes));
  }

  /**
   * The files left to read and in what order (see {@link #indexPacked}); shared by the indexing threads
   * and the workspace's thread, which moves files forward when the editor opens one.
   */
  private static final class Queue {
    record Task(Job job, boolean scan, boolean near) {}

    private final ArrayDeque<Job> near = new ArrayDeque<>();
    private final ArrayDeque<Job> scan;
    private final PriorityQueue<Job> later;
    private int scanning;
    private int nearRunning;
    private boolean closed;

    Queue(List<Job> jobs, Map<Path, Long> sizes) {
      this.scan = new ArrayDeque<>(jobs);
      this.later = new PriorityQueue<>(Math.max(1, jobs.size()),
          Comparator.comparing((Job j) -> sizes.getOrDefault(j.path, 0L)).reversed());
    }

    /** The next task, waiting while a scan may still leave files for later; null when nothing is left. */
    synchronized Task take() {
      while (true) {
        if (closed) {
          return null;
        }
        Job j = near.poll();
        if (j != null) {
          nearRunning++;
          return new Task(j, false, true);
        }
        j = scan.poll();
        if (j != null) {
          scanning++;
          return new Task(j, true, false);
        }
        j = later.poll();
        if (j != null) {
          return new Task(j, false, false);
        }
        if (scanning == 0) {
          return null;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }

    /** {@code j} is read before anything else. */
    synchronized void first(Job j) {
      near.addFirst(j);
    }

    synchronized void done(Task t) {
      if (t.scan) {
        scanning--;
      }
      if (t.near) {
        nearRunning--;
      }
      notifyAll();
    }

    synchronized void later(Job j) {
      later.add(j);
      notifyAll();
    }

    /**
     * The files near {@code opened} (its folder and the folders above it) that are still waiting go
     * first; {@code opened} itself, when still waiting, is not read at all (true).
     */
    synchronized boolean near(Path opened) {
      boolean dropped = scan.removeIf(j -> j.path.equals(opened)) | later.removeIf(j -> j.path.equals(opened))
          | near.removeIf(j -> j.path.equals(opened));
      Path folder = opened.getParent();
      if (folder != null) {
        java.util.function.Predicate<Job> nearby = j -> j.path.getParent() != null && folder.startsWith(j.path.getParent());
        for (Iterator<Job> it = scan.iterator(); it.hasNext(); ) {
          Job j = it.next();
          if (nearby.test(j)) {
            it.remove();
            near.add(j);
          }
        }
        List<Job> moved = new ArrayList<>();
        later.removeIf(j -> nearby.test(j) && moved.add(j));
        near.addAll(moved);
      }
      notifyAll();
      return dropped;
    }

    /** True once the files near opened ones and the files the scan picked are read (or being stored). */
    synchronized boolean meshPhaseOver() {
      return near.isEmpty() && nearRunning == 0 && scan.isEmpty() && scanning == 0;
    }

    synchronized void close() {
      closed = true;
      notifyAll();
    }
  }
}
