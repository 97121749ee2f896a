package dev.meshprobe.lsp;

import dev.meshprobe.engine.Explainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.RelatedFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/** Text document requests, translated into engine calls on the engine thread. */
final class DocumentService implements TextDocumentService {
  private final MeshprobeServer server;

  DocumentService(MeshprobeServer server) {
    this.server = server;
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    var d = Params.required(Params.required(params, "params").getTextDocument(), "textDocument");
    server.session.open(Params.required(d.getUri(), "textDocument.uri"), d.getVersion(), Params.required(d.getText(), "textDocument.text"));
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    Params.required(params, "params");
    String uri = Params.uri(params.getTextDocument());
    List<TextDocumentContentChangeEvent> changes = Params.required(params.getContentChanges(), "contentChanges");
    for (TextDocumentContentChangeEvent c : changes) {
      Params.required(Params.required(c, "contentChanges[]").getText(), "contentChanges[].text");
      if (c.getRange() != null) {
        Params.range(c.getRange(), "contentChanges[].range");
      }
    }
    server.session.change(uri, params.getTextDocument().getVersion(), changes);
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    server.session.close(Params.uri(Params.required(params, "params").getTextDocument()));
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    server.session.saved(params.getTextDocument().getUri());
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    Path p = server.session.pathFor(Params.uri(Params.required(params, "params").getTextDocument()));
    Params.required(params.getPosition(), "position");
    return server.onEngineOrHere(() -> {
      var state = server.workspace.file(p);
      if (state == null || state.source() == null) {
        return null;
      }
      int offset = Convert.offset(state.source(), params.getPosition());
      Explainer.Explanation e = new Explainer(server.workspace).hover(p, offset, server.rulePages.style());
      if (e == null) {
        return null;
      }
      String kind = e.markup().markdown() ? MarkupKind.MARKDOWN : MarkupKind.PLAINTEXT;
      return new Hover(new MarkupContent(kind, e.text()), Convert.range(state.source(), e.start(), e.end()));
    });
  }

  @Override
  public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
    Path p = server.session.pathFor(Params.uri(Params.required(params, "params").getTextDocument()));
    Params.range(params.getRange(), "range");
    return server.onEngineOrHere(() -> {
      var state = server.workspace.file(p);
      List<InlayHint> out = new ArrayList<>();
      if (state == null || state.source() == null) {
        return out;
      }
      int from = Convert.offset(state.source(), params.getRange().getStart());
      int to = Convert.offset(state.source(), params.getRange().getEnd());
      for (Explainer.Hint h : new Explainer(server.workspace).hints(p)) {
        if (h.offset() < from || h.offset() > to) {
          continue;
        }
        InlayHint hint = new InlayHint(Convert.position(state.source(), h.offset()), Either.forLeft(h.label()));
        hint.setKind(InlayHintKind.Parameter);
        hint.setPaddingLeft(true);
        if (h.tooltip() != null) {
          hint.setTooltip(h.tooltip());
        }
        out.add(hint);
      }
      return out;
    });
  }

  @Override
  public CompletableFuture<DocumentDiagnosticReport> diagnostic(DocumentDiagnosticParams params) {
    Path p = server.session.pathFor(Params.uri(Params.required(params, "params").getTextDocument()));
    // A document the client closed has no findings in the openFiles scope (the client pulls it once more as it closes).
    Supplier<DocumentDiagnosticReport> answer = () -> new DocumentDiagnosticReport(new RelatedFullDocumentDiagnosticReport(
        server.workspace.isOpen(p) || server.workspaceDiagnostics.coversClosedFiles() ? server.session.diagnostics(p) : List.of()));
    // While the first index runs, a client that will be asked to pull again gets the provisional findings at once.
    return server.session.pullsOnRefresh() ? server.session.early(p, answer) : server.onEngine(answer);
  }

  @Override
  public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
    Path p = server.session.pathFor(Params.uri(Params.required(params, "params").getTextDocument()));
    Params.range(params.getRange(), "range");
    return server.onEngineOrHere(() -> server.actions().list(p, params));
  }

  @Override
  public CompletableFuture<CodeAction> resolveCodeAction(CodeAction unresolved) {
    Params.required(unresolved, "params");
    return server.onEngineOrHere(() -> server.actions().resolve(unresolved));
  }
}
