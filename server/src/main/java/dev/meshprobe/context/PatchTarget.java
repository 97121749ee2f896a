package dev.meshprobe.context;

import dev.meshprobe.yaml.YMapping;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code target:} selector of a kustomize patch. Kustomize matches {@code name} and {@code
 * namespace} as anchored regular expressions; the label and annotation selectors are not checked here
 * (they only narrow what the build already applied, and the source map only asks which patch could have
 * written a key).
 */
record PatchTarget(String group, String version, String kind, String name) {
  static PatchTarget of(YMapping m) {
    if (m == null) {
      return null;
    }
    return new PatchTarget(m.string("group"), m.string("version"), m.string("kind"), m.string("name"));
  }

  boolean matches(ObjectId object) {
    if (kind != null && !kind.equals(object.kind())) {
      return false;
    }
    if (group != null && !group.equals(object.group())) {
      return false;
    }
    if (name == null) {
      return true;
    }
    try {
      Pattern p = Pattern.compile(name);
      return object.names().stream().anyMatch(n -> p.matcher(n).matches());
    } catch (PatternSyntaxException e) {
      return object.names().contains(name);
    }
  }
}
