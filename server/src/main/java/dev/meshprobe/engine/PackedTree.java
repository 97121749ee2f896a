package dev.meshprobe.engine;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML tree packed into bytes, for the documents a closed file keeps: about a tenth of the heap the
 * node objects take. {@link #unpack()} gives back an equal tree (same values, styles, tags, flow flags
 * and spans), built anew on every call; a node reached twice (an anchor and its aliases) is packed once
 * and unpacked as one shared node, as the parser made it (a shared scalar unpacks to equal copies).
 *
 * <p>Layout: each node starts with a header byte (its kind in the low two bits, then the scalar style
 * or the flow flag, then whether a tag follows), then unsigned varints: a scalar's value (an index into
 * {@link #COMMON} or, past it, into {@code strings}), its tag when it has one, its start and its
 * length; a collection's start, length and child count, then its children (a mapping's keys and values
 * alternate; a missing value is {@link #NULL}). A collection seen before is {@link #BACK} and its
 * number in the order collections were finished.
 */
final class PackedTree {
  private static final int SCALAR = 0;
  private static final int MAPPING = 1;
  private static final int SEQUENCE = 2;
  private static final int OTHER = 3;
  /** {@code OTHER} with this in the high bits: a mapping entry without a value. */
  private static final int NULL = OTHER;
  /** {@code OTHER | 4}: a node already unpacked, by number. */
  private static final int BACK = OTHER | 4;
  private static final int FLOW = 4;
  private static final int HAS_TAG = 32;
  private static final YScalar.Style[] STYLES = YScalar.Style.values();
  /** Values shorter than this are interned: names, ports and keys repeat across thousands of files. */
  private static final int INTERN_MAX = 64;

  /** Keys and values nearly every kept document has; packed as their index, with no reference stored. */
  private static final String[] COMMON = {
      "apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations", "spec", "template",
      "containers", "initContainers", "ports", "containerPort", "port", "targetPort", "selector", "matchLabels",
      "livenessProbe", "readinessProbe", "startupProbe", "httpGet", "tcpSocket", "grpc", "exec", "path", "scheme",
      "host", "restartPolicy", "hostNetwork", "protocol", "app", "version", "v1", "apps/v1", "Deployment",
      "StatefulSet", "DaemonSet", "Service", "http", "metrics", "TCP", "jobTemplate", "Always", "true",
      "false", "mtls", "mode", "STRICT", "PERMISSIVE", "items", "data", "",
  };
  private static final Map<String, Integer> COMMON_INDEX = new HashMap<>();

  static {
    for (int i = 0; i < COMMON.length; i++) {
      COMMON_INDEX.putIfAbsent(COMMON[i], i);
    }
  }

  private static final String[] NO_STRINGS = new String[0];

  private final byte[] bytes;
  private final String[] strings;

  private PackedTree(byte[] bytes, String[] strings) {
    this.bytes = bytes;
    this.strings = strings;
  }

  /** Packs a tree (not null). */
  static PackedTree pack(YNode root) {
    return pack(root, true);
  }

  /**
   * Packs a tree; {@code mayShare} false says that no node of it is reached twice (a tree copied node
   * by node), so none is looked for.
   */
  static PackedTree pack(YNode root, boolean mayShare) {
    Packer p = new Packer(mayShare);
    p.node(root);
    return new PackedTree(Arrays.copyOf(p.out, p.size), p.strings.isEmpty() ? NO_STRINGS : p.strings.toArray(NO_STRINGS));
  }

  /** The tree, built anew. */
  YNode unpack() {
    return new Unpacker(bytes, strings).node();
  }

  /** Bytes held (for tests and measurements). */
  int packedBytes() {
    return bytes.length + 4 * strings.length;
  }

  private static final class Packer {
    byte[] out = new byte[256];
    int size;
    final List<String> strings = new ArrayList<>();
    final Map<String, Integer> stringIndex = new HashMap<>();
    /** Collections packed so far, numbered in the order they were finished; null when nothing is shared. */
    final Map<YNode, Integer> done;
    int finished;

    Packer(boolean mayShare) {
      this.done = mayShare ? new IdentityHashMap<>() : null;
    }

    void node(YNode n) {
      Integer seen = done == null || n instanceof YScalar ? null : done.get(n);
      if (seen != null) {
        write(BACK);
        varint(seen);
        return;
      }
      if (n instanceof YScalar s) {
        write(SCALAR | s.style().ordinal() << 2 | (s.tag() != null ? HAS_TAG : 0));
        varint(string(s.value()));
        if (s.tag() != null) {
          varint(string(s.tag()));
        }
        span(s.start(), s.end());
      } else if (n instanceof YMapping m) {
        write(MAPPING | (m.flow() ? FLOW : 0));
        span(m.start(), m.end());
        varint(m.entries().size());
        for (YEntry e : m.entries()) {
          node(e.key());
          if (e.value() == null) {
            write(NULL);
          } else {
            node(e.value());
          }
        }
      } else if (n instanceof YSequence q) {
        write(SEQUENCE | (q.flow() ? FLOW : 0));
        span(q.start(), q.end());
        varint(q.items().size());
        for (YNode item : q.items()) {
          node(item);
        }
      }
      // Collections are numbered when finished, as the unpacker finishes them; a scalar reached twice
      // is packed twice, and unpacks to two equal scalars.
      if (!(n instanceof YScalar)) {
        if (done != null) {
          done.put(n, finished);
        }
        finished++;
      }
    }

    private void span(int start, int end) {
      varint(start);
      varint(end - start);
    }

    private int string(String s) {
      Integer common = COMMON_INDEX.get(s);
      if (common != null) {
        return common;
      }
      Integer i = stringIndex.get(s);
      if (i == null) {
        i = COMMON.length + strings.size();
        strings.add(s.length() < INTERN_MAX ? s.intern() : s);
        stringIndex.put(s, i);
      }
      return i;
    }

    private void write(int b) {
      if (size == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[size++] = (byte) b;
    }

    private void varint(int v) {
      // Spans and counts are never negative; a negative value would still round-trip as 5 bytes.
      while ((v & ~0x7F) != 0) {
        write((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      write(v);
    }
  }

  private static final class Unpacker {
    final byte[] in;
    final String[] strings;
    final List<YNode> done = new ArrayList<>();
    int pos;

    Unpacker(byte[] in, String[] strings) {
      this.in = in;
      this.strings = strings;
    }

    YNode node() {
      int header = in[pos++] & 0xFF;
      if (header == BACK) {
        return done.get(varint());
      }
      YNode n;
      switch (header & 3) {
        case SCALAR -> {
          String value = string(varint());
          String tag = (header & HAS_TAG) != 0 ? string(varint()) : null;
          int start = varint();
          return new YScalar(value, STYLES[(header >> 2) & 7], tag, start, start + varint());
        }
        case MAPPING -> {
          int start = varint();
          int end = start + varint();
          int count = varint();
          List<YEntry> entries = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            YNode key = node();
            YNode value;
            if ((in[pos] & 0xFF) == NULL) {
              pos++;
              value = null;
            } else {
              value = node();
            }
            entries.add(new YEntry(key, value));
          }
          n = new YMapping(entries, (header & FLOW) != 0, start, end);
        }
        case SEQUENCE -> {
          int start = varint();
          int end = start + varint();
          int count = varint();
          List<YNode> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(node());
          }
          n = new YSequence(items, (header & FLOW) != 0, start, end);
        }
        default -> throw new IllegalStateException("bad packed node header " + header + " at " + (pos - 1));
      }
      done.add(n);
      return n;
    }

    private String string(int i) {
      return i < COMMON.length ? COMMON[i] : strings[i - COMMON.length];
    }

    private int varint() {
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        int b = in[pos++];
        v |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
    }
  }
}
