package dev.meshprobe.context;

import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What identifies a rendered object to the kustomizations that patched it: kind, API group and the
 * names it had on the way (the name in its origin file, before {@code namePrefix}/{@code nameSuffix}, and
 * the rendered name). A patch names the object by whichever name it had at that level.
 */
record ObjectId(String kind, String group, Set<String> names) {
  static ObjectId of(YNode root) {
    YMapping m = root == null ? null : root.asMapping();
    String kind = m == null ? null : m.string("kind");
    String apiVersion = m == null ? null : m.string("apiVersion");
    Set<String> names = new LinkedHashSet<>();
    String name = nameOf(m);
    if (name != null) {
      names.add(name);
    }
    return new ObjectId(kind, groupOf(apiVersion), names);
  }

  static String nameOf(YMapping m) {
    YMapping metadata = m == null ? null : m.mapping("metadata");
    return metadata == null ? null : metadata.string("name");
  }

  static String groupOf(String apiVersion) {
    if (apiVersion == null) {
      return null;
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  ObjectId withName(String other) {
    Set<String> all = new LinkedHashSet<>(names);
    if (other != null) {
      all.add(other);
    }
    return new ObjectId(kind, group, all);
  }

  /** True when a document of a patch or origin file is this object: same kind, and one of its names. */
  boolean isNamedBy(YNode doc) {
    YMapping m = doc == null ? null : doc.asMapping();
    if (m == null || kind == null || !kind.equals(m.string("kind"))) {
      return false;
    }
    String name = nameOf(m);
    return name != null && names.contains(name);
  }
}
