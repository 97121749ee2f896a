package dev.meshprobe.fixes;

import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.rules.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test steps as a user takes them: find the fix with this title, apply its edits. */
final class Apply {
  private Apply() {}

  /** The first fix titled {@code title} among the fixes of the findings of {@code path}, or null. */
  static Fix byTitle(Workspace ws, Path path, String title) {
    FixSupport fs = new FixSupport(ws);
    for (Finding f : ws.lint(path)) {
      for (Fix fix : fs.fixes(path, f)) {
        if (fix.title().equals(title)) {
          return fix;
        }
      }
    }
    return null;
  }

  /** Every title offered for the file, for failure messages. */
  static List<String> titles(Workspace ws, Path path) {
    FixSupport fs = new FixSupport(ws);
    List<String> out = new ArrayList<>();
    for (Finding f : ws.lint(path)) {
      for (Fix fix : fs.fixes(path, f)) {
        out.add(f.rule() + ": " + fix.title());
      }
    }
    return out;
  }

  /** Puts the fix's results into the workspace, as an editor applying the workspace edit would. */
  static void into(Workspace ws, Fix fix) {
    for (FileEdit e : fix.edits()) {
      ws.putText(Path.of(e.file()), e.result());
    }
  }
}
