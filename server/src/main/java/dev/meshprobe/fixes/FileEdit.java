package dev.meshprobe.fixes;

import java.util.List;

/**
 * The edits a fix makes to one file. {@code original} is the text the offsets refer to; it is null
 * when the fix creates the file (then the single edit inserts its whole content at 0).
 */
public record FileEdit(String file, String original, List<TextEdit> edits) {
  public FileEdit {
    edits = List.copyOf(edits);
  }

  public boolean createsFile() {
    return original == null;
  }

  /** The file's text after the edits. */
  public String result() {
    return TextEdit.apply(original == null ? "" : original, edits);
  }
}
