package dev.meshprobe.lsp;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Code actions: listed fast, edits computed on resolve against the current text. */
final class CodeActions {
  private final MeshprobeServer server;

  CodeActions(MeshprobeServer server) {
    this.server = server;
  }

  List<Either<Command, CodeAction>> list(Path path, CodeActionParams params) {
    return List.of();
  }

  CodeAction resolve(CodeAction action) {
    return action;
  }
}
