package dev.meshprobe.context;

import java.nio.file.Path;

/**
 * Where a rendered key or value is in the text the user edits: a file and a char range in the text
 * {@link SourceFiles} read, and what kind of place it is.
 *
 * @param literal true when the text at the range is the rendered key (or value) itself, so an edit there
 *     changes what is rendered and a fix may be offered; false when the range only stands for it (a
 *     template action, the nearest enclosing key, the kustomization that generated it)
 * @param valueFrom for a Helm value produced by an action on a literal key ({@code port: {{ .Values.port
 *     }}}): the values file entry that supplied it, where a fix can edit the value; else null
 */
public record Location(Path file, int start, int end, Origin origin, boolean literal, Location valueFrom) {
  public Location(Path file, int start, int end, Origin origin, boolean literal) {
    this(file, start, end, origin, literal, null);
  }

  @Override
  public String toString() {
    return file + "@" + start + "-" + end + " " + origin + (literal ? " literal" : "") + (valueFrom == null ? "" : " from " + valueFrom);
  }
}
