package dev.meshprobe.lsp;

import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Checks that a message carries the parameters LSP 3.17 requires before a handler reads them. A
 * missing one is InvalidParams (-32602): a request is answered with it, a notification is logged and
 * dropped ({@link ProtocolEndpoint}). Optional parameters are never required here.
 */
final class Params {
  private Params() {}

  static InvalidParams missing(String what) {
    return new InvalidParams("missing `" + what + "`");
  }

  static <T> T required(T value, String what) {
    if (value == null) {
      throw missing(what);
    }
    return value;
  }

  /** The URI of a required {@code textDocument} parameter. */
  static String uri(TextDocumentIdentifier document) {
    return required(required(document, "textDocument").getUri(), "textDocument.uri");
  }

  /** A required range with both of its ends. */
  static Range range(Range range, String what) {
    required(range, what);
    required(range.getStart(), what + ".start");
    required(range.getEnd(), what + ".end");
    return range;
  }

  /** The protocol's answer to a message whose parameters are missing or of the wrong shape. */
  static final class InvalidParams extends ResponseErrorException {
    InvalidParams(String message) {
      super(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
  }
}
