package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.api.Test;

/** A diagnostic written from its kept JSON must be exactly what the usual adapter writes, every time. */
class PublishedDiagnosticTest {
  private final MessageJsonHandler plain = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(MeshprobeServer.class));
  private final MessageJsonHandler keeping = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(MeshprobeServer.class),
      gson -> gson.registerTypeAdapterFactory(new PublishedDiagnostic.Json()));

  private static <D extends Diagnostic> D fill(D d) {
    d.setCodeDescription(new DiagnosticCodeDescription("https://example.test/rules/<probe>&\"x\""));
    d.setRelatedInformation(List.of(new DiagnosticRelatedInformation(
        new Location("file:///a%20b/shop.yaml", new Range(new Position(3, 2), new Position(3, 9))), "namespace `shop` — 😀")));
    return d;
  }

  private static Range range() {
    return new Range(new Position(10, 4), new Position(10, 17));
  }

  private String publish(MessageJsonHandler json, List<Diagnostic> diagnostics) {
    NotificationMessage m = new NotificationMessage();
    m.setMethod("textDocument/publishDiagnostics");
    m.setParams(new PublishDiagnosticsParams("file:///a%20b/shop.yaml", diagnostics, 7));
    return json.serialize(m);
  }

  @Test
  void keptJsonIsWhatTheUsualAdapterWrites() {
    Diagnostic usual = fill(new Diagnostic(range(), "a <probe> & \"quotes\"", DiagnosticSeverity.Error, "meshprobe", "probe-blocked-by-strict-mtls"));
    PublishedDiagnostic kept = fill(new PublishedDiagnostic(range(), "a <probe> & \"quotes\"", DiagnosticSeverity.Error, "meshprobe",
        "probe-blocked-by-strict-mtls"));
    String expected = publish(plain, List.of(usual));
    assertEquals(expected, publish(keeping, List.of(kept)));
    assertEquals(expected, publish(keeping, List.of(kept)), "written again from what it kept");
    assertEquals(expected, publish(keeping, List.of(usual)), "other diagnostics are written as usual");
    assertFalse(expected.contains("\"json\""), "the kept text is not itself written");
  }

  @Test
  void readingIsUnchanged() {
    RequestMessage request = new RequestMessage();
    request.setId(1);
    request.setMethod("textDocument/codeAction");
    request.setParams(new CodeActionParams(new TextDocumentIdentifier("file:///a%20b/shop.yaml"), range(),
        new CodeActionContext(List.of(fill(new Diagnostic(range(), "m", DiagnosticSeverity.Warning, "meshprobe", "x"))))));
    var read = (CodeActionParams) ((RequestMessage) keeping.parseMessage(plain.serialize(request))).getParams();
    Diagnostic d = read.getContext().getDiagnostics().get(0);
    assertEquals(DiagnosticSeverity.Warning, d.getSeverity());
    assertTrue(d.getRelatedInformation().get(0).getMessage().endsWith("😀"));
  }
}
