package dev.meshprobe.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.meshprobe.engine.FixSupport;
import dev.meshprobe.engine.Workspace;
import dev.meshprobe.fixes.FileEdit;
import dev.meshprobe.fixes.Fix;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Code actions. The list comes back fast, with titles, kinds, the preferred flag and the diagnostic,
 * but without edits: its {@code data} says which finding (rule, subject, anchor text, offset) and which
 * fix. {@code codeAction/resolve} lints the document's current text again, finds the same finding and
 * recomputes the fix there, so an edit is never applied from a stale range. A client that cannot
 * resolve edits gets them in the list.
 */
final class CodeActions {
  static final String FIX_ALL_TITLE = "Fix all Meshprobe findings in this file";

  private final MeshprobeServer server;

  CodeActions(MeshprobeServer server) {
    this.server = server;
  }

  List<Either<Command, CodeAction>> list(Path path, CodeActionParams params) {
    Workspace ws = server.workspace;
    var state = ws.file(path);
    if (state == null || state.source() == null) {
      return List.of();
    }
    String uri = params.getTextDocument().getUri();
    SourceText text = state.source();
    List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
    int from = Convert.offset(text, params.getRange().getStart());
    int to = Convert.offset(text, params.getRange().getEnd());
    List<Diagnostic> asked = params.getContext() == null || params.getContext().getDiagnostics() == null
        ? List.of() : params.getContext().getDiagnostics();
    FixSupport fs = new FixSupport(ws);
    List<Either<Command, CodeAction>> out = new ArrayList<>();
    List<Finding> findings = ws.lint(path);
    if (wants(only, CodeActionKind.QuickFix, true)) {
      for (Finding f : findings) {
        boolean inRange = f.where().start() <= to && f.where().end() >= from;
        if (!inRange) {
          // Outside the range, only a finding whose diagnostic the client sent along: compare ranges, convert no more.
          Range at = asked.isEmpty() ? null : Convert.range(text, f.where().start(), f.where().end());
          if (at == null || asked.stream().noneMatch(a -> a.getRange().equals(at) && codeOf(a).equals(f.rule()))) {
            continue;
          }
        }
        Diagnostic d = Convert.diagnostic(f, text, ws, server.uris);
        for (Fix fix : fs.fixes(path, f)) {
          if (fix.edits().stream().anyMatch(FileEdit::createsFile) && !canCreateFiles()) {
            continue;
          }
          CodeAction a = new CodeAction(fix.title());
          a.setKind(CodeActionKind.QuickFix);
          a.setDiagnostics(List.of(d));
          if (fix.isPreferred()) {
            a.setIsPreferred(true);
          }
          a.setData(data(uri, path, f, text.text(), fix.id()));
          if (!resolvesEdits()) {
            a.setEdit(edit(fix.edits()));
          }
          out.add(Either.forRight(a));
        }
      }
    }
    if (wants(only, Session.FIX_ALL_KIND, false) && hasPreferredFix(fs, path, findings)) {
      CodeAction a = new CodeAction(FIX_ALL_TITLE);
      a.setKind(Session.FIX_ALL_KIND);
      JsonObject data = new JsonObject();
      data.addProperty("uri", uri);
      data.addProperty("fixAll", true);
      addVersion(data, path);
      a.setData(data);
      if (!resolvesEdits()) {
        a.setEdit(fixAll(path));
      }
      out.add(Either.forRight(a));
    }
    return out;
  }

  /**
   * The action with its edit, computed on the current text; without one when its finding is gone (or
   * its document closed). An action whose {@code data} this server did not make is InvalidParams.
   */
  CodeAction resolve(CodeAction action) {
    if (action.getData() == null || action.getData() instanceof JsonElement e && e.isJsonNull()) {
      return action;
    }
    JsonObject data = action.getData() instanceof JsonElement e && e.isJsonObject() ? e.getAsJsonObject() : null;
    if (data == null) {
      throw notOurs("data");
    }
    Path path = server.session.pathFor(Params.required(string(data, "uri"), "data.uri"));
    if (data.has("fixAll")) {
      action.setEdit(fixAll(path));
      return action;
    }
    JsonElement offset = data.get("offset");
    if (offset != null && !(offset.isJsonPrimitive() && offset.getAsJsonPrimitive().isNumber())) {
      throw notOurs("data.offset");
    }
    JsonElement subject = data.get("subject");
    if (subject != null && !subject.isJsonNull() && !subject.isJsonObject()) {
      throw notOurs("data.subject");
    }
    FixSupport fs = new FixSupport(server.workspace);
    Finding f = fs.find(path, string(data, "rule"), subject(subject == null || subject.isJsonNull() ? null : subject.getAsJsonObject()),
        string(data, "anchor"), offset == null ? 0 : offset.getAsInt());
    if (f == null) {
      return action;
    }
    String id = string(data, "fix");
    for (Fix fix : fs.fixes(path, f)) {
      if (fix.id().equals(id)) {
        action.setEdit(edit(fix.edits()));
        break;
      }
    }
    return action;
  }

  private WorkspaceEdit fixAll(Path path) {
    FixSupport.FixAll all = new FixSupport(server.workspace).fixAll(path, f -> true);
    return edit(List.of(new FileEdit(path.toString(), all.before(), all.edits())));
  }

  /**
   * True when some finding has a preferred fix, so that "fix all" would do something. A finding of a Helm
   * release or Kustomize entry is fixed where its deciding value was written, one quick fix at a time.
   */
  private static boolean hasPreferredFix(FixSupport fs, Path path, List<Finding> findings) {
    for (Finding f : findings) {
      if (f.contexts().isEmpty() && fs.preferredFix(path, f) != null) {
        return true;
      }
    }
    return false;
  }

  // ---- protocol

  /** The workspace edit, as document changes with versions when the client takes them, else as changes. */
  WorkspaceEdit edit(List<FileEdit> edits) {
    if (documentChanges()) {
      List<Either<TextDocumentEdit, ResourceOperation>> changes = new ArrayList<>();
      for (FileEdit fe : edits) {
        Path p = Path.of(fe.file());
        String uri = server.session.uriOf(p);
        if (fe.createsFile()) {
          changes.add(Either.forRight(new CreateFile(uri, new CreateFileOptions(false, true))));
        }
        VersionedTextDocumentIdentifier id = new VersionedTextDocumentIdentifier(uri, fe.createsFile() ? null : server.session.version(p));
        changes.add(Either.forLeft(new TextDocumentEdit(id, textEdits(fe))));
      }
      return new WorkspaceEdit(changes);
    }
    Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
    for (FileEdit fe : edits) {
      changes.put(server.session.uriOf(Path.of(fe.file())), textEdits(fe));
    }
    return new WorkspaceEdit(changes);
  }

  private List<TextEdit> textEdits(FileEdit fe) {
    // Usually the edit is to the file as the workspace has it, whose line index is already built.
    var state = fe.original() == null ? null : server.workspace.file(Path.of(fe.file()));
    SourceText text = state != null && state.source() != null && fe.original().equals(state.source().text())
        ? state.source() : new SourceText(fe.original() == null ? "" : fe.original());
    List<TextEdit> out = new ArrayList<>();
    for (dev.meshprobe.fixes.TextEdit e : fe.edits()) {
      out.add(new TextEdit(Convert.range(text, e.offset(), e.end()), e.replacement()));
    }
    return out;
  }

  private JsonObject data(String uri, Path path, Finding f, String text, String fixId) {
    JsonObject data = new JsonObject();
    data.addProperty("uri", uri);
    data.addProperty("rule", f.rule());
    data.addProperty("offset", f.where().start());
    data.addProperty("anchor", FixSupport.anchorText(text, f));
    Finding.Subject s = f.subject();
    JsonObject subject = new JsonObject();
    subject.addProperty("apiVersion", s.apiVersion());
    subject.addProperty("kind", s.kind());
    subject.addProperty("namespace", s.namespace());
    subject.addProperty("name", s.name());
    subject.addProperty("container", s.container());
    subject.addProperty("probe", s.probe());
    data.add("subject", subject);
    data.addProperty("fix", fixId);
    addVersion(data, path);
    return data;
  }

  private void addVersion(JsonObject data, Path path) {
    Integer version = server.session.version(path);
    if (version != null) {
      data.addProperty("version", version);
    }
  }

  private static Finding.Subject subject(JsonObject s) {
    if (s == null) {
      return Finding.Subject.NONE;
    }
    return new Finding.Subject(string(s, "apiVersion"), string(s, "kind"), string(s, "namespace"), string(s, "name"),
        string(s, "container"), string(s, "probe"));
  }

  /** A string field of the action's data, or null when absent; any other value is not data this server made. */
  private static String string(JsonObject o, String key) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw notOurs(key);
    }
    return v.getAsString();
  }

  private static Params.InvalidParams notOurs(String what) {
    return new Params.InvalidParams("the code action's `" + what + "` is not what this server gave it: list the actions again");
  }

  private static String codeOf(Diagnostic d) {
    return d.getCode() == null ? "" : d.getCode().isLeft() ? d.getCode().getLeft() : String.valueOf(d.getCode().getRight());
  }

  /**
   * Whether the request's {@code only} asks for {@code kind}: an entry that is the kind or a parent of it
   * ({@code source.fixAll} covers {@code source.fixAll.meshprobe}). No {@code only} means the light bulb,
   * which shows quick fixes but not source actions.
   */
  private static boolean wants(List<String> only, String kind, boolean byDefault) {
    if (only == null || only.isEmpty()) {
      return byDefault;
    }
    for (String o : only) {
      if (kind.equals(o) || kind.startsWith(o + ".")) {
        return true;
      }
    }
    return false;
  }

  private boolean resolvesEdits() {
    var td = server.capabilities.getTextDocument();
    var ca = td == null ? null : td.getCodeAction();
    return ca != null && ca.getResolveSupport() != null && ca.getResolveSupport().getProperties() != null
        && ca.getResolveSupport().getProperties().contains("edit");
  }

  private boolean documentChanges() {
    var ws = server.capabilities.getWorkspace();
    return ws != null && ws.getWorkspaceEdit() != null && Boolean.TRUE.equals(ws.getWorkspaceEdit().getDocumentChanges());
  }

  /** A fix that creates a {@code .meshprobe.yaml} needs the client to create files. */
  private boolean canCreateFiles() {
    var ws = server.capabilities.getWorkspace();
    return documentChanges() && ws.getWorkspaceEdit().getResourceOperations() != null
        && ws.getWorkspaceEdit().getResourceOperations().contains("create");
  }
}
