package dev.meshprobe.engine;

import dev.meshprobe.text.TextChange;
import dev.meshprobe.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The state of every workspace file, in path order, and which of them are open in the editor. A file
 * that is not open is kept packed when the workspace compacts closed files (the language server), whole
 * otherwise (the command line).
 */
final class FileStore {
  private final Layout layout;
  private final FileBuilder builder;
  private final Compaction compaction;
  private final Map<Path, FileState> files = new TreeMap<>();
  private final Set<Path> open = new HashSet<>();
  private boolean compactClosed;
  private Predicate<Path> keepWhole = p -> false;

  FileStore(Layout layout, Log log) {
    this.layout = layout;
    this.builder = new FileBuilder(layout, log);
    this.compaction = new Compaction(layout);
  }

  void compactClosedFiles(boolean on) {
    this.compactClosed = on;
  }

  void keepWhole(Predicate<Path> which) {
    this.keepWhole = which;
  }

  /** True when closed files are packed: the language server's mode. */
  boolean compacts() {
    return compactClosed;
  }

  /** True when a file's state is packed once stored: the workspace compacts, and the file is neither open nor about to be. */
  boolean packs(Path p) {
    return compactClosed && !open.contains(p) && !keepWhole.test(p);
  }

  FileState get(Path p) {
    return files.get(p);
  }

  Set<Path> paths() {
    return files.keySet();
  }

  /** Every file's state, in path order. */
  Collection<FileState> states() {
    return files.values();
  }

  boolean isOpen(Path p) {
    return open.contains(p);
  }

  /** The files open in the editor. */
  Set<Path> openPaths() {
    return Set.copyOf(open);
  }

  void markOpen(Path p) {
    open.add(p);
  }

  void markClosed(Path p) {
    open.remove(p);
  }

  /** Builds a file's new state from its text; the previous state's unchanged documents are reused. */
  FileState build(Path path, String text, YamlFile preParsed, TextChange change) {
    return builder.build(path, text, preParsed, change, files.get(path));
  }

  /**
   * Derives a stored file anew, without reusing what was derived from its text before (its claim by a
   * rendered context changed): from its text, or from disk when it kept only its facts. Returns the new
   * state, stored.
   */
  FileState rebuild(Path p) {
    FileState f = files.get(p);
    if (f == null) {
      return null;
    }
    String text = f.compacted || f.source == null ? null : f.source.text();
    if (text == null) {
      DiskFiles.Read r = DiskFiles.read(p, layout.configFor(p).limits().maxFileChars());
      return store(p, r.text() == null ? notRead(p, r.notRead()) : builder.build(p, r.text(), null, null, null));
    }
    // Its parse still holds: only the objects derived from it change with the claim.
    return store(p, builder.build(p, text, f.yaml, null, null));
  }

  FileState notRead(Path p, String reason) {
    return builder.notRead(p, reason);
  }

  /** Stores a file's state, compacted when it is not open and the workspace compacts closed files. */
  FileState store(Path p, FileState f) {
    FileState kept = packs(p) ? compaction.compact(f) : f;
    files.put(p, kept);
    return kept;
  }

  /** Stores a state as it is (already packed, or never packed); returns the previous one. */
  FileState put(Path p, FileState f) {
    return files.put(p, f);
  }

  /** Forgets a file; returns its last state, or null. */
  FileState remove(Path p) {
    open.remove(p);
    return files.remove(p);
  }

  /** Derives every file again under the configuration now in force: packed files from what they kept, others from their text. */
  void rederiveAll() {
    for (Path p : new ArrayList<>(files.keySet())) {
      FileState f = files.get(p);
      if (f.compacted) {
        files.put(p, compaction.rederive(f));
        continue;
      }
      String text = f.source == null ? null : f.source.text();
      if (text != null) {
        store(p, builder.build(p, text, null, null, f));
      }
    }
  }

  /** Reads the files that the layout of every other depends on (configuration, kustomizations). */
  void storeWhole(List<DiskFiles.Read> reads) {
    for (DiskFiles.Read r : reads) {
      files.put(r.path(), r.text() == null ? notRead(r.path(), r.notRead()) : build(r.path(), r.text(), null, null));
    }
  }

  /** The layout this store derives with. */
  Layout layout() {
    return layout;
  }
}
