package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.k8s.WorkloadKind;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ServiceInfo;
import dev.meshprobe.rules.FileNotAnalysedRule;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.Severity;
import dev.meshprobe.text.DecodedText;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import dev.meshprobe.yaml.SelectiveParser;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every manifest of the workspace, parsed, with the mesh facts they hold, and the linting of one file
 * against all of them. An edit re-parses only the documents whose text changed; a document's findings
 * are reused until the mesh index or its configuration changes. Not thread-safe: callers serialise
 * access (the language server runs it on one thread).
 */
public final class Workspace {
  private final Layout layout;
  private final Log log;
  private final Map<Path, FileState> files = new TreeMap<>();
  private final Map<Path, Boolean> open = new HashMap<>();

  private MeshIndex meshIndex;
  private long meshVersion;
  /**
   * When documents' cached findings went stale. Each mesh change takes the next tick of the clock: a
   * change to Services only marks their namespaces (Services are read for the workloads of their own
   * namespace and nowhere else), any other mesh change marks everything.
   */
  private long findingsClock;
  private long everythingStaleAt;
  private final Map<String, Long> namespaceStaleAt = new HashMap<>();
  private long workloadsVersion;
  private WorkloadsView workloadsCache;
  private long workloadsCacheVersion = -1;
  private final Map<Config, WorkspaceFindings> workspaceFindings = new IdentityHashMap<>();
  private List<Rule> rules = Rules.all();
  private boolean compactClosed;
  /** The workspace folders were indexed: from then on the workspace holds the files a walk reads. */
  private boolean indexed;
  private Predicate<Path> keepWhole = p -> false;
  /** Files read and parsed together while indexing: bounds the text and trees held at once. */
  private static final int INDEX_BATCH = 256;
  /**
   * How far ahead in the previous documents an unchanged one is looked for: past the documents an edit
   * replaced, removed or split. A document beyond it is derived again, which is only slower.
   */
  private static final int REUSE_LOOKAHEAD = 64;

  private record WorkspaceFindings(long meshVersion, long workloadsVersion, Map<String, List<Finding>> byFile) {}

  public Workspace(List<Path> roots, Log log) {
    this.layout = new Layout(roots, this::readForLayout);
    this.log = log;
  }

  public Layout layout() {
    return layout;
  }

  public Log log() {
    return log;
  }

  /**
   * Keeps of the files that are not open only what other files need: the language server's mode, so
   * that a workspace of thousands of manifests fits a small heap. The command line, which lints every
   * file, keeps everything.
   */
  public void compactClosedFiles(boolean on) {
    this.compactClosed = on;
  }

  /**
   * Files that are kept whole even when closed files are compacted: the language server names the
   * documents the editor is opening, whose {@code didOpen} may wait behind the first index, so that the
   * index keeps the trees that the open is about to need. Asked from the thread that runs the workspace.
   */
  public void keepWhole(Predicate<Path> which) {
    this.keepWhole = which;
  }

  /** Replaces the rules that run; only tests call it, to inject a rule that fails. */
  void useRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  // ---- configuration layers

  public void setEditorSettings(Map<String, Object> settings) {
    layout.setEditorSettings(settings);
    reconfigure();
  }

  public void setOverrides(Map<String, Object> overrides) {
    layout.setOverrides(overrides);
    reconfigure();
  }

  public void setExplicitConfig(Path file) {
    layout.setExplicitConfig(file);
    reconfigure();
  }

  /** Problems of configuration layers that have no file of their own (editor settings, flags). */
  public List<String> settingsProblems() {
    return layout.settingsProblems();
  }

  /** Re-derives resources of every file after a configuration or kustomization change. */
  private void reconfigure() {
    layout.invalidate();
    for (Path p : new ArrayList<>(files.keySet())) {
      FileState f = files.get(p);
      if (f.compacted) {
        files.put(p, rederive(f));
        continue;
      }
      String text = f.source == null ? null : f.source.text();
      if (text != null) {
        store(p, build(p, text, null, null));
      }
    }
    meshChanged(Set.of());
    workloadsVersion++;
    if (indexed) {
      rewalk();
    }
  }

  /**
   * After a configuration changed: the files a fresh walk reads, as the command line would find them.
   * Which configuration governs a folder and what its {@code ignore:} paths skip may both have changed
   * (a configuration may even skip itself, and still govern its folder), so the walk is done again;
   * files it no longer reads leave (open buffers stay, holding nothing while ignored: {@link #build}),
   * files it now reads are read.
   */
  private void rewalk() {
    Set<Path> walked = new HashSet<>(layout.walk(log));
    // What leaves is what is on disk and the walk now skips. Open buffers stay, and so do files given
    // that are not on disk (a fix's new .meshprobe.yaml) or outside the folders (the command line's
    // --config); a file deleted on disk leaves with its watcher event.
    List<Path> gone = files.keySet().stream().filter(p -> !walked.contains(p) && !open.containsKey(p) && layout.isInside(p)
        && !p.equals(layout.explicitConfig()) && Files.isRegularFile(p)).toList();
    List<Path> come = walked.stream().filter(p -> !files.containsKey(p)).sorted().toList();
    gone.forEach(files::remove);
    for (Path p : come) {
      Read r = read(p, layout.configFor(p).limits().maxFileChars());
      store(p, r.text == null ? notRead(p, r.notRead) : build(p, r.text, null, null));
    }
    if (Stream.concat(gone.stream(), come.stream()).anyMatch(p -> Layout.isConfigName(p) || Layout.isKustomizationName(p))) {
      // A configuration deleted or written since the files were derived (its event still to come): derive
      // them again as it is now. The walk after that finds what this one found, so this ends.
      reconfigure();
    } else if (!gone.isEmpty() || !come.isEmpty()) {
      meshChanged(Set.of());
      workloadsVersion++;
    }
  }

  // ---- files

  /** True for the files the workspace reads: {@code .yaml} and {@code .yml}. */
  public static boolean isManifestName(Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }

  /** Indexes every manifest under the workspace folders, parsing files in parallel. */
  public int indexFolders() {
    return indexFolders((done, total) -> {});
  }

  /**
   * Indexes the workspace folders, telling {@code progress} (files done, files found) as it goes. Files
   * are read and parsed in parallel; the layout's caches are only touched on this thread.
   */
  public int indexFolders(BiConsumer<Integer, Integer> progress) {
    List<Path> found = layout.walk(log);
    progress.accept(0, found.size());
    List<Job> jobs = new ArrayList<>(found.size());
    for (Path p : found) {
      jobs.add(new Job(p, layout.configFor(p).limits().maxFileChars()));
    }
    // Configuration files first: every other file's namespace and limits depend on them.
    List<Job> rest = new ArrayList<>();
    for (Job j : jobs) {
      if (Layout.isConfigName(j.path) || Layout.isKustomizationName(j.path)) {
        Read r = read(j.path, j.maxChars);
        storeRead(r.path, r.text, r.notRead);
      } else {
        rest.add(j);
      }
    }
    layout.invalidate();
    int done = jobs.size() - rest.size();
    if (compactClosed) {
      indexPacked(rest, done, jobs.size(), progress);
    } else {
      // In batches, so that only one batch's texts and trees are held before the files are stored.
      for (int from = 0; from < rest.size(); from += INDEX_BATCH) {
        List<Job> batch = rest.subList(from, Math.min(rest.size(), from + INDEX_BATCH));
        Map<Path, Context> contexts = new HashMap<>();
        for (Job j : batch) {
          Context c = context(j.path);
          if (c != null) {
            contexts.put(j.path, c);
          }
        }
        List<Parsed> parsed = batch.parallelStream().map(j -> parse(j, contexts.get(j.path))).toList();
        for (Parsed p : parsed) {
          storeParsed(p);
        }
        done += batch.size();
        progress.accept(done, jobs.size());
      }
    }
    meshChanged(Set.of());
    workloadsVersion++;
    indexed = true;
    return jobs.size();
  }

  private record Read(Path path, String text, String notRead) {}

  private record Job(Path path, long maxChars) {}

  /** What a file's state depends on besides its text, looked up on the workspace's thread (the layout is not thread-safe). */
  private record Context(YamlParser parser, SelectiveParser selective, Config config, String[] namespace) {}

  /** A file read and parsed on an indexing thread: packed when it is closed and could be, else its parse. */
  private record Parsed(Read read, YamlFile yaml, FileState packed) {}

  /** The context of a file to index, or null for a Helm chart template (built whole, never parsed here). */
  private Context context(Path path) {
    if (layout.isHelmTemplate(path)) {
      return null;
    }
    Config cfg = layout.configFor(path);
    boolean pack = compactClosed && !open.containsKey(path) && !keepWhole.test(path);
    return pack
        ? new Context(null, new SelectiveParser(cfg.limits()), cfg, layout.defaultNamespace(path, cfg))
        : new Context(parserFor(cfg), null, cfg, null);
  }

  /**
   * Reads and parses one file; touches no shared state. A closed file of the language server is
   * compacted here, so that its full tree is garbage as soon as it is packed, and the documents it would
   * drop are not even parsed. A file that cannot be packed this way (a Go template) is parsed whole, and
   * built on the workspace's thread as before.
   */
  private Parsed parse(Job j, Context c) {
    Read r = read(j.path, j.maxChars);
    if (r.text == null || c == null) {
      return new Parsed(r, null, null);
    }
    try {
      if (c.selective != null && !r.text.contains("{{")) {
        String key = j.path.toString();
        List<DocState> kept = new ArrayList<>();
        if (c.selective.forEach(r.text, UnusedDocuments::skip, doc -> {
          DocState d = packIfKept(key, doc, c.namespace);
          if (d != null) {
            kept.add(d);
          }
        })) {
          return new Parsed(r, null, new FileState(j.path, SourceText.positionsOf(r.text), null, List.copyOf(kept), null, c.config, false, true));
        }
      }
      YamlParser parser = c.parser != null ? c.parser : parserFor(c.config);
      return new Parsed(r, parser.parse(r.text), null);
    } catch (RuntimeException e) {
      log.warn("could not parse " + j.path, e);
      return new Parsed(r, null, null);
    }
  }

  /** Stores what {@link #parse} gave, unless the file was opened meanwhile. */
  private void storeParsed(Parsed p) {
    Read r = p.read;
    if (open.containsKey(r.path)) {
      return;
    }
    if (p.packed != null && p.packed.config == layout.configFor(r.path)) {
      files.put(r.path, p.packed);
    } else {
      store(r.path, r.text == null ? notRead(r.path, r.notRead) : build(r.path, r.text, p.yaml, null));
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
    Map<Path, Context> contexts = new HashMap<>();
    for (Job j : bySize) {
      Context c = context(j.path);
      if (c != null) {
        contexts.put(j.path, c);
      }
    }
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

  private static Read read(Path p, long maxChars) {
    try {
      String[] out = readFile(p, maxChars);
      return new Read(p, out[0], out[1]);
    } catch (IOException e) {
      return new Read(p, null, "unreadable (" + e.getMessage() + ")");
    }
  }

  private void storeRead(Path p, String text, String notRead) {
    files.put(p, text == null ? notRead(p, notRead) : build(p, text, null, null));
  }

  /** Stores a file's state, compacted when it is not open and the workspace compacts closed files. */
  private FileState store(Path p, FileState f) {
    FileState kept = compactClosed && !open.containsKey(p) && !keepWhole.test(p) ? compact(f) : f;
    files.put(p, kept);
    return kept;
  }

  /**
   * What other files need of a file that is not open: its line index (to place facts that point into
   * it) and the documents that hold mesh facts or workloads, without their text, their trees cut down
   * and packed ({@link #packDocument}). Configuration, kustomization, unread and template files are
   * small or needed whole, and stay as they are.
   */
  private FileState compact(FileState f) {
    if (f.compacted || f.source == null || f.yaml == null || f.template || f.notRead != null
        || Layout.isConfigName(f.path) || Layout.isKustomizationName(f.path)) {
      return f;
    }
    List<DocState> kept = new ArrayList<>();
    String[] ns = null;
    for (DocState d : f.documents) {
      if (d.workloadCount() == 0 && d.meshRelevant.isEmpty()) {
        continue;
      }
      if (ns == null) {
        ns = layout.defaultNamespace(f.path, f.config);
      }
      kept.add(packDocument(f.key, d.document, d.anchor, d.resources(), ns));
    }
    return new FileState(f.path, f.source.withoutText(), null, List.copyOf(kept), null, f.config, false, true);
  }

  /**
   * A document of a closed file as {@link #compact} would keep it of what {@link #build} gives, or null
   * when it would drop it, without deriving objects for it. Touches no shared state: it runs on the
   * indexing threads (for files without {@code {{}, which build treats as templates when a document
   * does not parse), with the default namespace looked up before.
   */
  private static DocState packIfKept(String key, YamlDocument doc, String[] ns) {
    Anchor anchor = new Anchor(doc.start());
    List<Resource> resources = Resources.of(key, doc, anchor, ns[0], ns[1]);
    for (Resource r : resources) {
      if (MeshIndex.isMeshRelevant(r) || isWorkload(r)) {
        return packDocument(key, doc, anchor, resources, ns);
      }
    }
    return null;
  }

  /**
   * A kept document of a closed file: a lone workload's or Service's tree cut down to what other files
   * read ({@link Prune}), any other tree whole, packed into bytes.
   */
  private static DocState packDocument(String file, YamlDocument doc, Anchor anchor, List<Resource> resources, String[] ns) {
    YNode root = doc.root();
    if (resources.size() == 1 && resources.get(0).node() == root) {
      Resource only = resources.get(0);
      WorkloadKind kind = WorkloadKind.of(only);
      if (kind != null) {
        root = Prune.workload(root, kind);
      } else if (ServiceInfo.isService(only)) {
        root = Prune.service(root);
      }
    }
    boolean cut = root != doc.root();
    int workloadCount = 0;
    boolean meshRelevant = false;
    boolean onlyServices = true;
    for (Resource r : resources) {
      if (isWorkload(r)) {
        workloadCount++;
      }
      if (MeshIndex.isMeshRelevant(r)) {
        meshRelevant = true;
        onlyServices &= ServiceInfo.isService(r);
      }
    }
    // The namespace the document's one object sets itself, which no configuration change moves.
    String ownNamespace = DocState.Packed.SEVERAL;
    if (resources.size() == 1) {
      YMapping metadata = resources.get(0).metadata();
      String set = metadata == null ? null : metadata.string("namespace");
      ownNamespace = set == null || set.isEmpty() ? null : set.intern();
    }
    // A cut tree was copied node by node, so no node of it is shared.
    DocState.Packed packed = new DocState.Packed(PackedTree.pack(root, !cut), file, ns[0], ns[1], workloadCount, meshRelevant,
        onlyServices, ownNamespace);
    return new DocState(doc.index(), doc.start(), anchor, packed);
  }

  /** True when {@link Workload#of} gives a workload for {@code r}, told without building it. */
  private static boolean isWorkload(Resource r) {
    WorkloadKind kind = WorkloadKind.of(r);
    if (kind == null) {
      return false;
    }
    YNode n = r.node();
    for (String key : kind.templatePath()) {
      n = n instanceof YMapping m ? m.get(key) : null;
    }
    return n instanceof YMapping;
  }

  /**
   * A compacted file under a new configuration: its kept documents give their resources again with
   * the namespace the configuration now implies, without reading the file again.
   */
  private FileState rederive(FileState f) {
    Config cfg = layout.configFor(f.path);
    String[] ns = layout.defaultNamespace(f.path, cfg);
    List<DocState> docs = new ArrayList<>(f.documents.size());
    for (DocState d : f.documents) {
      docs.add(new DocState(d.document.index(), d.document.start(), d.anchor, d.packed.withNamespace(ns[0], ns[1])));
    }
    return new FileState(f.path, f.source, null, List.copyOf(docs), null, cfg, false, true);
  }

  /** A file's text from disk (within its size limit), or null. */
  private String diskText(Path p) {
    try {
      return Files.isRegularFile(p) ? readFile(p, layout.configFor(p).limits().maxFileChars())[0] : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Sets a file's text as the editor has it; open buffers win over disk. */
  public void openFile(Path path, String text) {
    openFile(path, text, null);
  }

  /**
   * Sets an open file's text, which is its previous text with {@code change} made (null when unknown):
   * only the documents around the change are parsed again, and the line index is patched.
   */
  public void openFile(Path path, String text, TextChange change) {
    open.put(path, true);
    putText(path, text, change);
  }

  /** The buffer was closed: the file goes back to its disk content (or leaves the workspace). */
  public void closeFile(Path path) {
    open.remove(path);
    refreshFromDisk(path);
  }

  public boolean isOpen(Path path) {
    return open.containsKey(path);
  }

  /** Sets a file's text (an open buffer's content or a file read from disk). */
  public void putText(Path path, String text) {
    putText(path, text, null);
  }

  private void putText(Path path, String text, TextChange change) {
    FileState prev = files.get(path);
    boolean special = Layout.isConfigName(path) || Layout.isKustomizationName(path);
    FileState next = store(path, build(path, text, null, change));
    if (special) {
      reconfigure();
      return;
    }
    afterChange(prev, next);
  }

  /**
   * Re-reads a file from disk after a watcher event or when the editor closes it; a file that is gone,
   * or that the walk of the workspace folders would not read, leaves the workspace.
   */
  public void refreshFromDisk(Path path) {
    if (open.containsKey(path)) {
      return;
    }
    if (Layout.isConfigName(path) || Layout.isKustomizationName(path)) {
      // Which configuration governs a folder, and so what the walk reads there, may be this very file.
      layout.invalidate();
    }
    if (!Files.isRegularFile(path) || !layout.walks(path) || !layout.isInsideResolved(path)) {
      removeFile(path);
      return;
    }
    try {
      String[] out = readFile(path, layout.configFor(path).limits().maxFileChars());
      if (out[0] == null) {
        FileState prev = files.put(path, notRead(path, out[1]));
        afterChange(prev, files.get(path));
      } else {
        putText(path, out[0]);
      }
    } catch (IOException e) {
      removeFile(path);
    }
  }

  public void removeFile(Path path) {
    FileState prev = files.remove(path);
    open.remove(path);
    if (prev != null && (Layout.isConfigName(path) || Layout.isKustomizationName(path))) {
      reconfigure();
    } else if (prev != null) {
      afterChange(prev, null);
    }
  }

  private void afterChange(FileState prev, FileState next) {
    workloadsVersion++;
    List<Resource> before = meshRelevant(prev);
    List<Resource> after = meshRelevant(next);
    if (!before.equals(after)) {
      // Resources compare by identity: a document that was parsed again gives new ones.
      Set<Resource> changed = new HashSet<>(before);
      changed.addAll(after);
      Set<Resource> kept = new HashSet<>(before);
      kept.retainAll(after);
      changed.removeAll(kept);
      meshChanged(changed);
    }
  }

  /** The mesh facts changed: the index is rebuilt on next use, and the findings that may depend on {@code changed} go stale. */
  private void meshChanged(Set<Resource> changed) {
    meshIndex = null;
    long now = ++findingsClock;
    boolean servicesOnly = !changed.isEmpty() && changed.stream().allMatch(r -> ServiceInfo.isService(r) && r.namespace() != null);
    if (servicesOnly) {
      for (Resource r : changed) {
        namespaceStaleAt.put(r.namespace(), now);
      }
    } else {
      everythingStaleAt = now;
      namespaceStaleAt.clear();
    }
  }

  /** True when a document's cached findings predate a mesh change they may depend on. */
  private boolean stale(DocState d) {
    if (d.findingsStamp < everythingStaleAt) {
      return true;
    }
    if (!namespaceStaleAt.isEmpty()) {
      for (Workload w : d.workloads()) {
        Long at = namespaceStaleAt.get(w.namespace());
        if (at != null && d.findingsStamp < at) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<Resource> meshRelevant(FileState f) {
    List<Resource> out = new ArrayList<>();
    if (f != null) {
      for (DocState d : f.documents) {
        if (d.meshRelevant != null) {
          out.addAll(d.meshRelevant);
          continue;
        }
        if (!d.mayBeMeshRelevant()) {
          continue;
        }
        for (Resource r : d.resources()) {
          if (MeshIndex.isMeshRelevant(r)) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  public FileState file(Path path) {
    return files.get(path);
  }

  public Set<Path> files() {
    return files.keySet();
  }

  /** Reads a file as bytes with the size limit checked first; returns {text, null} or {null, reason}. */
  private static String[] readFile(Path p, long maxChars) throws IOException {
    long size = Files.size(p);
    if (size > maxChars) {
      return new String[] {null, "larger than the " + (maxChars / (1024 * 1024)) + " MB limit (" + (size / (1024 * 1024)) + " MB)"};
    }
    DecodedText d = DecodedText.decode(Files.readAllBytes(p));
    return new String[] {d.text(), d.problem()};
  }

  private String readForLayout(Path p) {
    FileState f = files.get(p);
    if (f != null && !f.compacted) {
      return f.source == null ? null : f.source.text();
    }
    try {
      if (!Files.isRegularFile(p) || Files.size(p) > 1024 * 1024) {
        return null;
      }
      return DecodedText.decode(Files.readAllBytes(p)).text();
    } catch (IOException e) {
      return null;
    }
  }

  private FileState notRead(Path p, String reason) {
    return new FileState(p, null, null, List.of(), reason, layout.configFor(p));
  }

  private YamlParser parserFor(Config cfg) {
    return new YamlParser(cfg.limits());
  }

  /**
   * Parses (reusing unchanged documents of the previous state) and derives resources. {@code change},
   * when known, says where the text differs from the previous state's.
   */
  private FileState build(Path path, String text, YamlFile preParsed, TextChange change) {
    Config cfg = layout.configFor(path);
    FileState prev = files.get(path);
    boolean edited = change != null && prev != null && !prev.compacted && prev.source != null && prev.source.text() != null;
    SourceText source = edited ? prev.source.edited(text, change)
        : preParsed != null && preParsed.source().text() == text ? preParsed.source() : new SourceText(text);
    if (Layout.isConfigName(path)) {
      return new FileState(path, source, null, List.of(), null, cfg);
    }
    if (layout.isIgnoredPath(path, cfg)) {
      // An ignored path is out of the workspace: an editor's buffer of it is kept as text and decides nothing.
      return new FileState(path, source, null, List.of(), null, cfg);
    }
    if (layout.isHelmTemplate(path)) {
      return new FileState(path, source, null, List.of(), null, cfg, true);
    }
    if (change == null && prev != null && !prev.compacted && prev.yaml != null && prev.config == cfg && prev.source != null
        && text.equals(prev.source.text())) {
      // The same text again (a file opened as it is on disk, a save): everything derived from it still holds.
      return new FileState(path, prev.source, prev.yaml, prev.documents, null, cfg);
    }
    YamlFile yaml;
    try {
      yaml = preParsed != null ? preParsed
          : parserFor(cfg).parse(source, prev == null ? null : prev.yaml, edited ? change : null);
    } catch (RuntimeException e) {
      log.warn("could not parse " + path, e);
      return new FileState(path, source, null, List.of(), "not parseable (" + e + ")", cfg);
    }
    if (yaml.documents().stream().anyMatch(YamlDocument::hasSyntaxError) && text.contains("{{")) {
      // Go template actions that break the YAML: a Helm chart template (silently skipped, like those
      // next to a Chart.yaml) when it sits in a templates/ folder, else a template reported as not analysed.
      return layout.inTemplatesFolder(path)
          ? new FileState(path, source, null, List.of(), null, cfg, true)
          : new FileState(path, source, null, List.of(), "a Go or Helm template (it has `{{ }}` actions), not plain YAML", cfg);
    }
    // The parser hands back an unchanged document with its text and tree as they were, in order, so the
    // previous state's documents are found by identity, without comparing or hashing any text.
    List<DocState> previous = prev != null && prev.config == cfg ? prev.documents : List.of();
    int next = 0;
    String namespaceDefault = null;
    String namespaceSource = null;
    List<DocState> docs = new ArrayList<>(yaml.documents().size());
    for (YamlDocument doc : yaml.documents()) {
      DocState old = null;
      for (int k = next; k < Math.min(previous.size(), next + REUSE_LOOKAHEAD); k++) {
        DocState candidate = previous.get(k);
        if (candidate.document.text() == doc.text() && candidate.document.root() == doc.root()) {
          old = candidate;
          next = k + 1;
          break;
        }
      }
      if (old != null) {
        old.anchor.moveTo(doc.start());
        old.document = doc;
        docs.add(old);
        continue;
      }
      if (namespaceSource == null) {
        String[] ns = layout.defaultNamespace(path, cfg);
        namespaceDefault = ns[0];
        namespaceSource = ns[1];
      }
      Anchor anchor = new Anchor(doc.start());
      docs.add(new DocState(doc, anchor, Resources.of(path.toString(), doc, anchor, namespaceDefault, namespaceSource)));
    }
    return new FileState(path, source, yaml, docs, null, cfg);
  }

  // ---- mesh

  /**
   * The mesh index. Services are handed over lazily ({@link MeshIndex#build}): of the closed files'
   * documents that hold only Services, none is unpacked unless a question about Services is asked.
   */
  public MeshIndex meshIndex() {
    if (meshIndex == null) {
      List<Resource> relevant = new ArrayList<>();
      for (FileState f : files.values()) {
        for (DocState d : f.documents) {
          if (!d.mayBeMeshRelevant() || (d.packed != null && d.packed.onlyServices())) {
            continue;
          }
          for (Resource r : d.resources()) {
            if (MeshIndex.isMeshRelevant(r) && !ServiceInfo.isService(r)) {
              relevant.add(r);
            }
          }
        }
      }
      // The Services are read from the files as they are when first asked for: any change of a Service
      // since drops this index (afterChange), so they are the ones it was built with.
      meshIndex = MeshIndex.build(relevant, () -> services(List.copyOf(files.values())), this::workloadsView, ns -> workloadsView().in(ns));
      meshVersion++;
    }
    return meshIndex;
  }

  /** Every Service of these files, in order. */
  private static List<Resource> services(List<FileState> files) {
    List<Resource> out = new ArrayList<>();
    for (FileState f : files) {
      for (DocState d : f.documents) {
        if (d.mayBeMeshRelevant()) {
          for (Resource r : d.resources()) {
            if (ServiceInfo.isService(r)) {
              out.add(r);
            }
          }
        }
      }
    }
    return out;
  }

  /** The mesh model as configured for {@code path}. */
  public MeshModel meshModel(Path path) {
    return new MeshModel(meshIndex(), layout.configFor(path).mesh());
  }

  /**
   * Every workload of the workspace, in workspace order. The list is a view: iterating it unpacks the
   * workloads of compacted files one document at a time and keeps none of them.
   */
  private WorkloadsView workloadsView() {
    if (workloadsCacheVersion != workloadsVersion) {
      List<DocState> docs = new ArrayList<>();
      int count = 0;
      for (FileState f : files.values()) {
        for (DocState d : f.documents) {
          if (d.workloadCount() > 0) {
            docs.add(d);
            count += d.workloadCount();
          }
        }
      }
      workloadsCache = new WorkloadsView(List.copyOf(docs), count);
      workloadsCacheVersion = workloadsVersion;
    }
    return workloadsCache;
  }

  /** The workloads of some documents, derived while iterating. */
  private static final class WorkloadsView extends AbstractList<Workload> {
    private final List<DocState> docs;
    private final int size;

    WorkloadsView(List<DocState> docs, int size) {
      this.docs = docs;
      this.size = size;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Workload get(int index) {
      Objects.checkIndex(index, size);
      int i = index;
      for (DocState d : docs) {
        if (i < d.workloadCount()) {
          return d.workloads().get(i);
        }
        i -= d.workloadCount();
      }
      throw new IndexOutOfBoundsException(index);
    }

    @Override
    public Iterator<Workload> iterator() {
      return iterator(null);
    }

    /** The workloads of {@code namespace}, in order; documents known to hold none there are not unpacked. */
    Iterable<Workload> in(String namespace) {
      return () -> iterator(namespace);
    }

    private Iterator<Workload> iterator(String namespace) {
      return new Iterator<>() {
        private int doc;
        private Iterator<Workload> current = Collections.emptyIterator();
        private Workload next;

        @Override
        public boolean hasNext() {
          while (next == null) {
            if (current.hasNext()) {
              Workload w = current.next();
              if (namespace == null || namespace.equals(w.namespace())) {
                next = w;
              }
            } else if (doc < docs.size()) {
              DocState d = docs.get(doc++);
              if (namespace == null || d.mayHaveWorkloadsIn(namespace)) {
                current = d.workloads().iterator();
              }
            } else {
              return false;
            }
          }
          return true;
        }

        @Override
        public Workload next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Workload w = next;
          next = null;
          return w;
        }
      };
    }
  }

  // ---- linting

  /** Findings of one file, configured, suppressed and sorted. Files outside the workspace give none. */
  public List<Finding> lint(Path path) {
    FileState stored = files.get(path);
    if (stored == null) {
      return List.of();
    }
    // A file that is not open kept only its facts: read it again for a full lint, and keep nothing of it.
    String reread = stored.compacted ? diskText(path) : null;
    if (stored.compacted && reread == null) {
      return List.of();
    }
    FileState f = stored.compacted ? build(path, reread, null, null) : stored;
    Config cfg = f.config;
    if (Layout.isConfigName(path)) {
      // A configuration that cannot be read (not UTF-8, binary, too large) leaves the defaults in force: say so.
      return f.notRead != null
          ? List.of(Rules.get(FileNotAnalysedRule.class).notRead(f.key, f.notRead + ", so its settings are not used"))
          : layout.configProblems(path);
    }
    if (f.template || layout.isIgnoredPath(path, cfg)) {
      return List.of();
    }
    List<Finding> raw = new ArrayList<>();
    if (f.notRead != null) {
      raw.add(Rules.get(FileNotAnalysedRule.class).notRead(f.key, f.notRead));
    } else {
      MeshIndex index = meshIndex();
      MeshModel mesh = new MeshModel(index, cfg.mesh());
      for (Rule rule : rules) {
        guard(rule, () -> rule.checkFile(f.key, f.yaml, raw::add));
      }
      for (DocState d : f.documents) {
        if (d.findingsConfig != cfg || stale(d)) {
          d.findings = documentFindings(f.key, d, mesh);
          d.findingsStamp = findingsClock;
          d.findingsConfig = cfg;
        }
        raw.addAll(d.findings);
      }
      raw.addAll(workspaceFindings(cfg, mesh).getOrDefault(f.key, List.of()));
    }
    List<Finding> configured = new ArrayList<>(raw.size());
    for (Finding x : raw) {
      if (cfg.isOff(x.rule())) {
        continue;
      }
      Severity s = cfg.severityOf(x.rule());
      configured.add(s == null ? x : x.withSeverity(x.assumed() ? s.milder() : s));
    }
    List<Finding> out = Suppressions.apply(f, configured, cfg, layout);
    out.sort(Comparator.comparingInt((Finding x) -> x.where().start()).thenComparing(Finding::rule));
    return out;
  }

  private List<Finding> documentFindings(String file, DocState d, MeshModel mesh) {
    List<Finding> out = new ArrayList<>();
    Consumer<Finding> sink = out::add;
    for (Rule rule : rules) {
      guard(rule, () -> rule.checkDocument(file, d.anchor, d.document, sink));
    }
    for (Resource r : d.resources()) {
      for (Rule rule : rules) {
        guard(rule, () -> rule.checkResource(r, mesh, sink));
      }
    }
    for (Workload w : d.workloads()) {
      for (Rule rule : rules) {
        guard(rule, () -> rule.checkWorkload(w, mesh, sink));
      }
      for (var c : w.pod().containers()) {
        for (var p : c.probes()) {
          var verdict = mesh.verdict(p);
          for (Rule rule : rules) {
            guard(rule, () -> rule.checkProbe(verdict, mesh, sink));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private Map<String, List<Finding>> workspaceFindings(Config cfg, MeshModel mesh) {
    WorkspaceFindings cached = workspaceFindings.get(cfg);
    if (cached != null && cached.meshVersion == meshVersion && cached.workloadsVersion == workloadsVersion) {
      return cached.byFile;
    }
    Map<String, List<Finding>> byFile = new HashMap<>();
    for (Rule rule : rules) {
      guard(rule, () -> rule.checkWorkspace(mesh, x -> byFile.computeIfAbsent(x.where().file(), k -> new ArrayList<>()).add(x)));
    }
    workspaceFindings.put(cfg, new WorkspaceFindings(meshVersion, workloadsVersion, byFile));
    return byFile;
  }

  /** Runs one rule; an exception in it is logged and the other rules still report. */
  private void guard(Rule rule, Runnable check) {
    try {
      check.run();
    } catch (RuntimeException | StackOverflowError e) {
      log.warn("rule " + rule.id() + " failed", e);
    }
  }
}
