package dev.meshprobe.engine;

import dev.meshprobe.text.SourceText;
import dev.meshprobe.yaml.SelectiveParser;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  /** Told every file the walk found once the layout files are read, before the others are parsed. */
  private final Consumer<List<Path>> found;

  Indexer(FileStore store, Log log) {
    this(store, log, paths -> {});
  }

  /**
   * {@code found} is told the files the walk found, after configuration and kustomizations are read and
   * before any other file is parsed: deployment contexts are discovered there, so that a file a rendered
   * context uses is never derived as a plain manifest first.
   */
  Indexer(FileStore store, Log log, Consumer<List<Path>> found) {
    this.store = store;
    this.layout = store.layout();
    this.log = log;
    this.found = found;
  }

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
      } else {
        rest.add(j);
      }
    }
    store.storeWhole(layoutFiles);
    layout.invalidate();
    this.found.accept(found);
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
    DiskFiles.Read r = DiskFiles.read(j.path, j.maxChars);
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
    if (p.packed != null && p.packed.config == layout.configFor(r.path())) {
      store.put(r.path(), p.packed);
    } else {
      store.store(r.path(), r.text() == null ? store.notRead(r.path(), r.notRead()) : store.build(r.path(), r.text(), p.yaml, null));
    }
  }

  /**
   * Indexes the files of a workspace that compacts closed files. Each file is read, parsed and packed
   * on its own task, largest files first, on one thread per core; the results, small once packed, are
   * stored here as they come. No batch waits for its slowest file, so a few multi-megabyte files do not
   * leave a core idle.
   */
  private void indexPacked(List<Job> rest, int done, int total, BiConsumer<Integer, Integer> progress) {
    List<Job> bySize = new ArrayList<>(rest);
    Map<Path, Long> sizes = new HashMap<>();
    for (Job j : bySize) {
      long size;
      try {
        size = Files.size(j.path);
      } catch (IOException e) {
        size = 0;
      }
      sizes.put(j.path, size);
    }
    bySize.sort(Comparator.comparing((Job j) -> sizes.get(j.path)).reversed());
    Map<Path, Context> contexts = contexts(bySize);
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread t = new Thread(task, "meshprobe-index-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<Parsed> results = new ExecutorCompletionService<>(pool);
      for (Job j : bySize) {
        Context c = contexts.get(j.path);
        results.submit(() -> parse(j, c));
      }
      for (int i = 0; i < bySize.size(); i++) {
        Parsed p;
        try {
          p = results.take().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("indexing interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("indexing failed", e.getCause());
        }
        storeParsed(p);
        done++;
        if ((i + 1) % INDEX_BATCH == 0 || i + 1 == bySize.size()) {
          progress.accept(done, total);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
