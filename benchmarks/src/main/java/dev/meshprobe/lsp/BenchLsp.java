package dev.meshprobe.lsp;

import dev.meshprobe.engine.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The language server's own share of an edit, reached from its package (this class lives in the
 * benchmarks module): applying an incremental change to the text and converting findings to
 * protocol diagnostics, as {@code Session} does. Nothing here is used by the server.
 */
public final class BenchLsp {
  private final Uris uris = new Uris();

  /**
   * {@code Session.apply} of an incremental change that replaces the one character at
   * {@code line}/{@code character} (UTF-16) with {@code replacement}, as an editor sends a keystroke.
   */
  public static String replaceChar(String text, int line, int character, char replacement) {
    TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
        new Range(new Position(line, character), new Position(line, character + 1)), String.valueOf(replacement));
    return Session.apply(new dev.meshprobe.text.SourceText(text), change);
  }

  /** Where {@link #replaceChar} changes the text, as {@code Session} tells the engine. */
  public static dev.meshprobe.text.TextChange charChange(String text, int line, int character) {
    TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
        new Range(new Position(line, character), new Position(line, character + 1)), "x");
    return Session.change(new dev.meshprobe.text.SourceText(text), change);
  }

  /** {@code Session.diagnostics}: the file's findings as protocol diagnostics. */
  public List<Diagnostic> diagnostics(Workspace ws, Path p) {
    var state = ws.file(p);
    return Convert.diagnostics(ws.lint(p), state.source(), ws, uris);
  }
}
