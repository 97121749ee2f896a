package dev.meshprobe.engine;

import dev.meshprobe.k8s.Workload;
import java.util.AbstractList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/** The workloads of some documents, derived while iterating. */
final class WorkloadsView extends AbstractList<Workload> {
  private final List<DocState> docs;
  private final int size;

  WorkloadsView(List<DocState> docs, int size) {
    this.docs = docs;
    this.size = size;
  }

  /** The workloads of these files, in their order. */
  static WorkloadsView of(Iterable<FileState> files) {
    List<DocState> docs = new java.util.ArrayList<>();
    int count = 0;
    for (FileState f : files) {
      for (DocState d : f.documents) {
        if (d.workloadCount() > 0) {
          docs.add(d);
          count += d.workloadCount();
        }
      }
    }
    return new WorkloadsView(List.copyOf(docs), count);
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
