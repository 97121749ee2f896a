package dev.meshprobe.engine;

import dev.meshprobe.k8s.Workload;
import dev.meshprobe.mesh.MeshModel;
import dev.meshprobe.rules.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The findings of a workload whose verdicts depend on which definition of an object defined more than
 * once is applied (DESIGN §9): decided once per alternative, never by path order alone. A finding that
 * every alternative gives is reported as the default model words it; one that only some give is
 * reported once, worded by the first alternative that gives it, which names the definition it chose.
 * A probe blocked under one alternative is not also reported as one that would fail under another.
 */
final class Alternatives {
  /** Runs the rules over one workload with one model. */
  interface Check {
    void run(Workload w, MeshModel mesh, Consumer<Finding> sink);
  }

  /** What makes two findings of the alternatives the same finding: rule and place, not wording. */
  private record Key(String rule, String file, int start, int end, String container, String probe) {
    static Key of(Finding f) {
      return new Key(f.rule(), f.where().file(), f.where().start(), f.where().end(), f.subject().container(), f.subject().probe());
    }

    Key as(String otherRule) {
      return new Key(otherRule, file, start, end, container, probe);
    }
  }

  /**
   * A probe that fails under one alternative's STRICT mTLS needs no second finding saying it would fail
   * once STRICT is on under another: the first says it, louder.
   */
  private static final String BLOCKED = "probe-blocked-by-strict-mtls";
  private static final String WOULD_FAIL = "probe-would-fail-under-strict-mtls";

  private Alternatives() {}

  static List<Finding> findings(Workload w, MeshModel mesh, List<MeshModel> alternatives, Check check) {
    List<Map<Key, Finding>> each = new ArrayList<>(alternatives.size());
    for (MeshModel m : alternatives) {
      Map<Key, Finding> found = new LinkedHashMap<>();
      check.run(w, m, f -> found.putIfAbsent(Key.of(f), f));
      each.add(found);
    }
    Map<Key, Finding> plain = new LinkedHashMap<>();
    check.run(w, mesh, f -> plain.putIfAbsent(Key.of(f), f));
    Map<Key, Finding> out = new LinkedHashMap<>();
    Set<Key> blocked = new HashSet<>();
    for (Map<Key, Finding> found : each) {
      found.keySet().stream().filter(k -> k.rule().equals(BLOCKED)).forEach(blocked::add);
    }
    for (Map<Key, Finding> found : each) {
      for (Map.Entry<Key, Finding> e : found.entrySet()) {
        if (out.containsKey(e.getKey()) || e.getKey().rule().equals(WOULD_FAIL) && blocked.contains(e.getKey().as(BLOCKED))) {
          continue;
        }
        boolean inEvery = each.stream().allMatch(m -> m.containsKey(e.getKey()));
        out.put(e.getKey(), inEvery ? Objects.requireNonNullElse(plain.get(e.getKey()), e.getValue()) : e.getValue());
      }
    }
    return List.copyOf(out.values());
  }
}
