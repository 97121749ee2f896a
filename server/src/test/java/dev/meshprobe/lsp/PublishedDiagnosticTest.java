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
  void aMovedDiagnosticWritesTheNewPlacesWithTheTextItTookOver() {
    PublishedDiagnostic before = fill(new PublishedDiagnostic(range(), "a <probe> & \"quotes\" — 😀", DiagnosticSeverity.Warning, "meshprobe",
        "probe-blocked-by-strict-mtls"));
    publish(keeping, List.of(before));
    Range moved = new Range(new Position(11, 4), new Position(11, 17));
    PublishedDiagnostic after = new PublishedDiagnostic(moved, before.getMessage(), before.getSeverity(), "meshprobe",
        "probe-blocked-by-strict-mtls", before);
    after.setCodeDescription(before.getCodeDescription());
    after.setRelatedInformation(List.of(new DiagnosticRelatedInformation(
        new Location("file:///a%20b/shop.yaml", new Range(new Position(4, 2), new Position(4, 9))), "namespace `shop` — 😀")));
    Diagnostic usual = new Diagnostic(moved, before.getMessage(), before.getSeverity(), "meshprobe", "probe-blocked-by-strict-mtls");
    usual.setCodeDescription(before.getCodeDescription());
    usual.setRelatedInformation(after.getRelatedInformation());
    assertEquals(publish(plain, List.of(usual)), publish(keeping, List.of(after)));

    // Taken-over text that no longer fits (another message) is made again.
    PublishedDiagnostic reworded = new PublishedDiagnostic(moved, "another message", DiagnosticSeverity.Hint, "meshprobe", "x", before);
    Diagnostic usualReworded = new Diagnostic(moved, "another message", DiagnosticSeverity.Hint, "meshprobe", "x");
    assertEquals(publish(plain, List.of(usualReworded)), publish(keeping, List.of(reworded)));
  }

  @Test
  void everyShapeTheServerMakesIsWrittenAsTheUsualAdapterWritesIt() {
    List<Diagnostic> usual = new java.util.ArrayList<>();
    List<Diagnostic> kept = new java.util.ArrayList<>();
    String[] messages = {"plain", "tab\tnew\nline \\ back", "html <b>&amp;</b> = 'q'", "\u2028 separator \u0001 control", "emoji 😀 and é"};
    for (int i = 0; i < messages.length; i++) {
      for (int related = 0; related <= 2; related++) {
        for (boolean link : new boolean[] {false, true}) {
          Range r = new Range(new Position(i, related), new Position(i + 1, 0));
          Diagnostic u = new Diagnostic(r, messages[i], DiagnosticSeverity.forValue(1 + (i + related) % 4), "meshprobe", "rule-" + i);
          PublishedDiagnostic k = new PublishedDiagnostic(r, messages[i], u.getSeverity(), "meshprobe", "rule-" + i);
          if (link) {
            u.setCodeDescription(new DiagnosticCodeDescription("https://istio.io/x?a=1&b=<2>"));
            k.setCodeDescription(u.getCodeDescription());
          }
          if (related > 0) {
            List<DiagnosticRelatedInformation> infos = new java.util.ArrayList<>();
            for (int j = 0; j < related; j++) {
              infos.add(new DiagnosticRelatedInformation(new Location("file:///x/" + messages[j].replace(' ', '_') + ".yaml",
                  new Range(new Position(j, 1), new Position(j, 5))), messages[(i + j) % messages.length]));
            }
            u.setRelatedInformation(infos);
            k.setRelatedInformation(infos);
          }
          usual.add(u);
          kept.add(k);
        }
      }
    }
    assertEquals(publish(plain, usual), publish(keeping, kept));
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
