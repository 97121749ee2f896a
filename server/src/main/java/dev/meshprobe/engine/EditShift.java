package dev.meshprobe.engine;

import dev.meshprobe.text.TextChange;
import java.util.ArrayList;
import java.util.List;

/**
 * The edits made to one file since a deployment context was rendered, to move the offsets its source
 * map gave (in the text as it was) to the text as it is now, until the next render places them anew.
 * Text an edit replaced moves to where the edit starts. An edit whose extent is unknown (a whole new
 * text) leaves offsets where they were, within the text.
 */
final class EditShift {
  /** Past this many edits, offsets are only kept within the text: a render is due long before. */
  private static final int MAX_EDITS = 10_000;

  private final List<TextChange> changes = new ArrayList<>();
  private boolean unknown;

  void add(TextChange change) {
    if (change == null || changes.size() >= MAX_EDITS) {
      unknown = true;
    } else if (!unknown) {
      changes.add(change);
    }
  }

  /** An offset of the text as rendered, in the text as it is now ({@code length} chars). */
  int move(int offset, int length) {
    int o = offset;
    if (!unknown) {
      for (TextChange c : changes) {
        if (o >= c.oldEnd()) {
          o += c.delta();
        } else if (o > c.start()) {
          o = c.start();
        }
      }
    }
    return Math.max(0, Math.min(o, length));
  }
}
