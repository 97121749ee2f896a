package dev.meshprobe.lsp;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * The server's methods as the protocol reaches them, with the lifecycle and the error codes of LSP
 * 3.17 ("Server lifecycle", "Response Message"):
 *
 * <ul>
 *   <li>before {@code initialize}, a request is answered ServerNotInitialized (-32002) and a
 *       notification is dropped, {@code exit} excepted, so a server can be ended before it starts;
 *   <li>a second {@code initialize} is InvalidRequest (-32600): it may be sent only once;
 *   <li>after {@code shutdown}, requests are InvalidRequest and notifications other than {@code exit}
 *       are dropped;
 *   <li>a method the server does not offer (LSP4J's default that throws) is MethodNotFound (-32601);
 *   <li>missing parameters ({@link Params}) are InvalidParams (-32602) for a request, a log line for a
 *       notification;
 *   <li>a request sent for a notification method is InvalidRequest.
 * </ul>
 *
 * Anything else that fails is InternalError with a one-line message: an answer never carries a stack
 * trace, and a failure is logged as one line.
 */
final class ProtocolEndpoint implements Endpoint {
  private final MeshprobeServer server;
  private final Endpoint services;

  ProtocolEndpoint(MeshprobeServer server, Endpoint services) {
    this.server = server;
    this.services = services;
  }

  @Override
  public CompletableFuture<?> request(String method, Object parameter) {
    boolean initialize = "initialize".equals(method);
    if (!server.isInitialized() && !initialize) {
      return failed(ResponseErrorCode.ServerNotInitialized, "`" + method + "` before `initialize`");
    }
    if (initialize && server.isInitialized()) {
      return failed(ResponseErrorCode.InvalidRequest, "`initialize` may be sent only once");
    }
    if (server.isShutdown()) {
      return failed(ResponseErrorCode.InvalidRequest, "`" + method + "` after `shutdown`: only `exit` is accepted now");
    }
    CompletableFuture<?> result;
    try {
      result = services.request(method, parameter);
    } catch (RuntimeException e) {
      Throwable cause = unwrap(e);
      if (isNotOffered(cause)) {
        return failed(ResponseErrorCode.MethodNotFound, "`" + method + "` is not supported by this server");
      }
      if (!(cause instanceof ResponseErrorException)) {
        server.log().warn("request " + method + " failed", cause);
      }
      return CompletableFuture.failedFuture(cause);
    }
    return result != null ? result
        : failed(ResponseErrorCode.InvalidRequest, "`" + method + "` is a notification: send it without an id");
  }

  @Override
  public void notify(String method, Object parameter) {
    if (!"exit".equals(method)) {
      if (!server.isInitialized()) {
        server.log().warn("dropped " + method + ": it was sent before `initialize`, and LSP drops notifications until then", null);
        return;
      }
      if (server.isShutdown()) {
        server.log().warn("dropped " + method + ": it was sent after `shutdown`", null);
        return;
      }
    }
    try {
      services.notify(method, parameter);
    } catch (RuntimeException e) {
      Throwable cause = unwrap(e);
      if (isNotOffered(cause)) {
        server.log().info("ignored " + method + ": not supported by this server");
      } else if (cause instanceof ResponseErrorException r) {
        server.log().warn("ignored " + method + ": " + r.getResponseError().getMessage(), null);
      } else {
        server.log().warn("ignored " + method + ": it failed", cause);
      }
    }
  }

  /** The error answer for a request that failed: its own error when it has one, else InternalError without a stack trace. */
  static ResponseError toError(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ResponseErrorException r) {
      return r.getResponseError();
    }
    return new ResponseError(ResponseErrorCode.InternalError, "Internal error: " + cause, null);
  }

  /** The failure itself, out of the wrappers reflection and futures put around it. */
  static Throwable unwrap(Throwable t) {
    while (t.getCause() != null && (t instanceof CompletionException || t instanceof InvocationTargetException
        || (t.getClass() == RuntimeException.class && t.getCause() instanceof InvocationTargetException))) {
      t = t.getCause();
    }
    return t;
  }

  /** True for the exception LSP4J's service interfaces throw from the methods a server does not implement. */
  private static boolean isNotOffered(Throwable t) {
    StackTraceElement[] at = t.getStackTrace();
    return t instanceof UnsupportedOperationException && at.length > 0 && at[0].getClassName().startsWith("org.eclipse.lsp4j.services.");
  }

  private static CompletableFuture<?> failed(ResponseErrorCode code, String message) {
    return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(code, message, null)));
  }
}
