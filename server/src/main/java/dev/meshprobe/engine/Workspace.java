package dev.meshprobe.engine;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.Resource;
import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.mesh.ServiceInfo;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.text.TextChange;
import dev.meshprobe.yaml.YNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Every manifest of the workspace, parsed, with the mesh facts they hold, and the linting of one file
 * against all of them. An edit re-parses only the documents whose text changed ({@link FileBuilder}); a
 * document's findings are reused until the mesh index or its configuration changes ({@link Linter},
 * {@link FindingsClock}). Files that are not open may be kept packed ({@link Compaction}). Not
 * thread-safe: callers serialise access (the language server runs it on one thread).
 */
public final class Workspace {
  private final Layout layout;
  private final Log log;
  private final FileStore files;
  private final FindingsClock clock = new FindingsClock();
  private final Definitions definitions = new Definitions();
  private final Linter linter;
  private final RenderedContexts contexts;

  /** The workspace folders were indexed: from then on the workspace holds the files a walk reads. */
  private boolean indexed;
  private MeshIndex meshIndex;
  private long meshVersion;
  private long workloadsVersion;
  private WorkloadsView workloadsCache;
  private long workloadsCacheVersion = -1;
  /** The first index while it runs, else null. */
  private Indexer indexing;
  /** The index's {@link Indexer#meshChanges()} at the last provisional lint, or -1. */
  private int meshChangesAtProvisional = -1;
  /** The first index's walk found the workspace's charts and kustomizations: which files they use is known. */
  private boolean contextsKnown;

  public Workspace(List<Path> roots, Log log) {
    this.layout = new Layout(roots, this::readForLayout);
    this.log = log;
    this.files = new FileStore(layout, log);
    this.linter = new Linter(layout, log, clock, this::meshIndex, () -> meshVersion, () -> workloadsVersion);
    this.contexts = new RenderedContexts(layout, files, linter, log, this::meshIndex, () -> meshVersion, this::reclaim);
    layout.claims(contexts::claims);
  }

  /** The Helm releases and Kustomize entries of the workspace, rendered by their tools (DESIGN §9). */
  public RenderedContexts contexts() {
    return contexts;
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
    files.compactClosedFiles(on);
  }

  /**
   * Files that are kept whole even when closed files are compacted: the language server names the
   * documents the editor is opening, whose {@code didOpen} may wait behind the first index, so that the
   * index keeps the trees that the open is about to need. Asked from the thread that runs the workspace.
   */
  public void keepWhole(Predicate<Path> which) {
    files.keepWhole(which);
  }

  /** Replaces the rules that run; only tests call it, to inject a rule that fails. */
  void useRules(List<Rule> rules) {
    linter.useRules(rules);
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


  /**
   * Re-derives resources of every file after a configuration or kustomization change; once the folders
   * were indexed, walks them again too ({@link Indexer#rewalk}): which configuration governs a folder,
   * what its {@code ignore:} paths skip and which {@code testdata} files its {@code include:} takes may
   * all have changed.
   */
  private void reconfigure() {
    layout.invalidate();
    Set<Path> reclaimed = indexed ? contexts.discover(files.paths()) : Set.of();
    contexts.configurationChanged();
    files.rederiveAll();
    reclaimed.forEach(files::rebuild);
    everythingChanged();
    if (indexed) {
      Indexer.Rewalk r = new Indexer(files, log).rewalk();
      if (r.layoutFilesMoved()) {
        // A configuration deleted or written since the files were derived (its event still to come): derive
        // them again as it is now. The walk after that finds what this one found, so this ends.
        reconfigure();
      } else if (r.moved()) {
        // Files came or went: which of them a rendered context uses may have changed too.
        contexts.discover(files.paths()).forEach(files::rebuild);
        everythingChanged();
      }
    }
  }

  private void everythingChanged() {
    definitions.rebuild(files.states());
    meshChanged(Set.of());
    workloadsVersion++;
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
    return indexFolders(progress, IndexHooks.NONE);
  }

  /**
   * What the language server does while its first index runs, on this workspace's thread: the index
   * calls it between two stored files, so that a file the editor opens meanwhile is linted at once with
   * what is indexed so far ({@link #indexedSoFar}), and its folder read next ({@link #indexNear}).
   */
  public interface IndexHooks {
    IndexHooks NONE = new IndexHooks() {};

    /** Between two stored files, and at least every 20 ms while the index runs. */
    default void between() {}

    /**
     * Once, when the files near the opened ones and every file that may hold mesh facts (Namespaces,
     * policies, Istio's install) are stored: a provisional lint now rests on the cluster's facts.
     */
    default void meshFactsIn() {}
  }

  /** As {@link #indexFolders(BiConsumer)}, with the language server's {@code hooks} called while it runs. */
  public int indexFolders(BiConsumer<Integer, Integer> progress, IndexHooks hooks) {
    Indexer indexer = new Indexer(files, log, hooks, paths -> {
      contexts.discover(paths).forEach(files::rebuild);
      contextsKnown = true;
    });
    indexing = indexer;
    int found;
    try {
      found = indexer.indexFolders(progress);
    } finally {
      indexing = null;
    }
    indexed = true;
    if (meshChangesAtProvisional >= 0 && meshChangesAtProvisional == indexer.meshChanges()) {
      // Nothing stored since the last provisional lint brought mesh facts: its mesh index and the
      // findings it cached stand; only the identities and workloads of the new files are added.
      definitions.rebuild(files.states());
      workloadsVersion++;
    } else {
      everythingChanged();
    }
    meshChangesAtProvisional = -1;
    return found;
  }

  /** From an index hook: the files of {@code opened}'s folder and of the folders above it are indexed next. */
  public void indexNear(Path opened) {
    if (indexing != null) {
      indexing.near(opened);
    }
  }

  /**
   * From an index hook: what the files stored so far give (definitions, the mesh index) is derived, so
   * that a lint now is the provisional one of a partly indexed workspace.
   */
  public void indexedSoFar() {
    everythingChanged();
    if (indexing != null) {
      meshChangesAtProvisional = indexing.meshChanges();
    }
  }

  /**
   * While the first index runs (from a hook): whether a lint of {@code p} now gives findings the final
   * lint could give too. Not before the walk found the charts and kustomizations (any file may be one
   * that a context uses), and never for a file of a chart or one a Kustomize entry uses: those are
   * linted through their renders, which run once the index is done (DESIGN §9), and linting one as a
   * plain manifest meanwhile would show findings its context does not give.
   */
  public boolean lintsProvisionally(Path p) {
    return contextsKnown() && !isLayoutFile(p) && !layout.claimed(p) && !layout.inChart(p);
  }

  /** True once the walk found the workspace's charts and kustomizations, and so which files they use. */
  public boolean contextsKnown() {
    return contextsKnown || indexed;
  }

  /** True when the first index is running (the hooks run inside it). */
  public boolean indexing() {
    return indexing != null;
  }

  /** True for configuration and kustomization files, which every other file's state depends on. */
  public static boolean isLayoutFile(Path p) {
    return Layout.isConfigName(p) || Layout.isKustomizationName(p);
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
    files.markOpen(path);
    putText(path, text, change);
  }

  /** The buffer was closed: the file goes back to its disk content (or leaves the workspace). */
  public void closeFile(Path path) {
    files.markClosed(path);
    refreshFromDisk(path);
  }

  public boolean isOpen(Path path) {
    return files.isOpen(path);
  }

  /** Sets a file's text (an open buffer's content or a file read from disk). */
  public void putText(Path path, String text) {
    putText(path, text, null);
  }

  private void putText(Path path, String text, TextChange change) {
    layout.chartChanged(path);
    FileState prev = files.get(path);
    FileState next = files.store(path, files.build(path, text, null, change));
    // An edit is a change; only a whole new text (an open, a save, a file read again) may be the same.
    boolean same = change == null && prev != null && prev.source != null && text.equals(prev.source.text());
    boolean rediscover = !same && contexts.changed(path, change, prev == null);
    if (Layout.isConfigName(path) || Layout.isKustomizationName(path)) {
      reconfigure();
      return;
    }
    afterChange(prev, next);
    if (rediscover && indexed) {
      reclaim(contexts.discover(files.paths()));
    }
  }

  /** Derives the files whose claim by a rendered context changed again (their objects come or go). */
  private void reclaim(Set<Path> paths) {
    for (Path p : paths) {
      FileState prev = files.get(p);
      if (prev != null) {
        afterChange(prev, files.rebuild(p));
      }
    }
  }

  /**
   * Re-reads a file from disk after a watcher event or when the editor closes it; a file that is gone,
   * or that the walk of the workspace folders would not read (hidden and ignored paths, other names,
   * {@code testdata} not included), leaves the workspace.
   */
  public void refreshFromDisk(Path path) {
    if (files.isOpen(path)) {
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
      String[] out = DiskFiles.readFile(path, layout.configFor(path).limits().maxFileChars());
      if (out[0] == null) {
        FileState prev = files.put(path, files.notRead(path, out[1]));
        afterChange(prev, files.get(path));
      } else {
        putText(path, out[0]);
      }
    } catch (IOException e) {
      removeFile(path);
    }
  }

  public void removeFile(Path path) {
    layout.chartChanged(path);
    FileState prev = files.remove(path);
    if (prev != null && (Layout.isConfigName(path) || Layout.isKustomizationName(path))) {
      reconfigure();
    } else if (prev != null) {
      afterChange(prev, null);
      contexts.changed(path, null, false);
      reclaim(contexts.discover(files.paths()));
    }
  }

  private void afterChange(FileState prev, FileState next) {
    workloadsVersion++;
    definitions.replace(prev, next);
    List<Resource> before = FileState.meshRelevant(prev);
    List<Resource> after = FileState.meshRelevant(next);
    if (!before.equals(after)) {
      // Resources compare by identity: a document that was parsed again gives new ones.
      Set<Resource> changed = new HashSet<>(before);
      changed.addAll(after);
      Set<Resource> kept = new HashSet<>(before);
      kept.retainAll(after);
      changed.removeAll(kept);
      List<Resource> removed = before.stream().filter(r -> !kept.contains(r)).toList();
      List<Resource> added = after.stream().filter(r -> !kept.contains(r)).toList();
      if (sameFacts(removed, added)) {
        meshMoved(removed);
      } else {
        meshChanged(changed);
      }
    }
  }

  /**
   * True when {@code removed} and {@code added} are the same objects with the same content, only parsed
   * again (an Enter or a comment in a policy's document, Enter at the top of a file that starts with a
   * Namespace): every verdict stands, only the places that facts point at moved.
   */
  private static boolean sameFacts(List<Resource> removed, List<Resource> added) {
    if (removed.size() != added.size()) {
      return false;
    }
    for (int i = 0; i < removed.size(); i++) {
      Resource a = removed.get(i);
      Resource b = added.get(i);
      if (!a.file().equals(b.file()) || !a.namespace().equals(b.namespace()) || !a.namespaceSource().equals(b.namespaceSource())
          || !YNode.sameContent(a.node(), b.node())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Mesh facts moved without changing: the index is built again, so that its facts point at the objects
   * as they are now, and only the cached findings that point at the moved objects are computed again.
   * The others (every other probe of the file) keep theirs.
   */
  private void meshMoved(List<Resource> moved) {
    meshIndex = null;
    Set<Anchor> anchors = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Resource r : moved) {
      anchors.add(r.anchor());
    }
    for (FileState f : files.states()) {
      for (DocState d : f.documents) {
        if (d.findings != null && !d.findings.isEmpty() && cites(d.findings, anchors)) {
          d.findingsConfig = null;
        }
      }
    }
  }

  /** The mesh facts changed: the index is rebuilt on next use, and the findings that may depend on {@code changed} go stale. */
  private void meshChanged(Set<Resource> changed) {
    meshIndex = null;
    clock.meshChanged(changed);
  }

  private static boolean cites(List<Finding> findings, Set<Anchor> anchors) {
    for (Finding f : findings) {
      if (anchors.contains(f.where().anchor())) {
        return true;
      }
      for (Finding.Related r : f.related()) {
        if (anchors.contains(r.where().anchor())) {
          return true;
        }
      }
    }
    return false;
  }

  public FileState file(Path path) {
    return files.get(path);
  }

  /** A file's text as the workspace has it (an open buffer, a file kept whole), else as it is on disk; null when unreadable. */
  String currentText(Path path) {
    FileState f = files.get(path);
    return f != null && !f.compacted && f.source != null && f.source.text() != null ? f.source.text()
        : DiskFiles.text(path, layout.configFor(path).limits().maxFileChars());
  }

  public Set<Path> files() {
    return files.paths();
  }

  private String readForLayout(Path p) {
    FileState f = files == null ? null : files.get(p);
    if (f != null && !f.compacted) {
      return f.source == null ? null : f.source.text();
    }
    return DiskFiles.small(p);
  }

  // ---- mesh

  /**
   * The mesh index. Services are handed over lazily ({@link MeshIndex#build}): of the closed files'
   * documents that hold only Services, none is unpacked unless a question about Services is asked.
   */
  public MeshIndex meshIndex() {
    if (meshIndex == null) {
      List<Resource> relevant = new ArrayList<>();
      for (FileState f : files.states()) {
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
      meshIndex = MeshIndex.build(relevant, () -> FileState.services(List.copyOf(files.states())), this::workloadsView,
          ns -> workloadsView().in(ns), definitions::definedTwice, definitions::definedTwiceIn);
      meshVersion++;
    }
    return meshIndex;
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
      workloadsCache = WorkloadsView.of(files.states());
      workloadsCacheVersion = workloadsVersion;
    }
    return workloadsCache;
  }

  // ---- linting

  /** Findings of one file, configured, suppressed and sorted. Files outside the workspace give none. */
  public List<Finding> lint(Path path) {
    FileState stored = files.get(path);
    if (stored == null || stored.compacted) {
      // A file that is not open kept only its facts (or a template the walk does not read, which a context
      // found something in): read it again for a full lint, and keep nothing of it.
      String reread = stored != null || contexts.filesWithFindings().contains(path)
          ? DiskFiles.text(path, layout.configFor(path).limits().maxFileChars()) : null;
      if (reread == null) {
        return List.of();
      }
      stored = files.build(path, reread, null, null);
    }
    return linter.lint(stored, contexts.findingsFor(path, stored.source == null ? null : stored.source.text()));
  }

  /**
   * The files that rules over the whole workspace report on (for the configuration of {@code path}): an
   * edit of another file may change their findings without changing any mesh fact.
   */
  public Set<String> filesWithWorkspaceFindings(Path path) {
    return linter.filesWithWorkspaceFindings(layout.configFor(path));
  }
}
