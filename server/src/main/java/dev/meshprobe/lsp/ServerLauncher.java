package dev.meshprobe.lsp;

import com.google.gson.JsonElement;
import dev.meshprobe.CdsArchive;
import dev.meshprobe.engine.Log;
import com.google.gson.JsonIOException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.MessageConstants;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.launch.LSPLauncher;

/**
 * Starts the server on stdin/stdout or on a socket. Standard output carries only the protocol: it is
 * taken for the connection and {@code System.out} is pointed at standard error before anything else
 * runs. The process exits when the client's stream closes.
 */
public final class ServerLauncher {
  private ServerLauncher() {}

  public static int stdio() {
    InputStream in = System.in;
    OutputStream out = System.out;
    System.setOut(new PrintStream(System.err, true));
    CdsArchive.refreshInBackground(System.err);
    return serve(in, out);
  }

  public static int socket(int port) {
    System.setOut(new PrintStream(System.err, true));
    CdsArchive.refreshInBackground(System.err);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return serve(socket.getInputStream(), socket.getOutputStream());
    } catch (IOException e) {
      System.err.println("meshprobe: cannot connect to localhost:" + port + ": " + e.getMessage());
      return 2;
    }
  }

  static int serve(InputStream in, OutputStream out) {
    MeshprobeServer server = new MeshprobeServer();
    LspLogging.install(() -> server.client != null ? server.log() : Log.STDERR);
    Launcher<MeshprobeClient> launcher = launcher(server, in, out, null, true);
    Future<Void> listening = launcher.startListening();
    try {
      listening.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      System.err.println("meshprobe: connection failed: " + e.getCause());
    }
    return server.isShutdown() ? 0 : 1;
  }

  /** The protocol connection of {@code server} over the given streams, connected and not yet listening. */
  public static Launcher<MeshprobeClient> launcher(MeshprobeServer server, InputStream in, OutputStream out) {
    return launcher(server, in, out, null);
  }

  /** As {@link #launcher(MeshprobeServer, InputStream, OutputStream)}, reading on {@code threads} (null: a pool of its own). */
  public static Launcher<MeshprobeClient> launcher(MeshprobeServer server, InputStream in, OutputStream out, ExecutorService threads) {
    return launcher(server, in, out, threads, false);
  }

  /** With {@code warmup}, the {@link StartupWarmup} starts as soon as the message parser exists. */
  private static Launcher<MeshprobeClient> launcher(MeshprobeServer server, InputStream in, OutputStream out, ExecutorService threads, boolean warmup) {
    Launcher<MeshprobeClient> launcher = new AnsweringBuilder(warmup)
        .setExecutorService(threads)
        .setLocalService(server)
        .setRemoteInterface(MeshprobeClient.class)
        .setInput(in)
        .setOutput(out)
        .create();
    server.connect(launcher.getRemoteProxy());
    return launcher;
  }

  /**
   * Every request with an id gets an answer. LSP4J leaves two kinds unanswered: a request for a
   * notification method ({@code didOpen} with an {@code id}), which it runs and then fails on the
   * missing result, and a request whose parameters break its parser in some ways (an array where one
   * object is expected), which it only logs. Both are answered here with an error.
   */
  private static final class AnsweringBuilder extends LSPLauncher.Builder<MeshprobeClient> {
    private final boolean warmup;

    AnsweringBuilder(boolean warmup) {
      this.warmup = warmup;
    }

    @Override
    protected MessageJsonHandler createJsonHandler() {
      MessageJsonHandler handler = answeringJsonHandler();
      if (warmup) {
        StartupWarmup.start(handler.getGson());
      }
      return handler;
    }

    private MessageJsonHandler answeringJsonHandler() {
      return new MessageJsonHandler(getSupportedMethods(), gson -> {
        gson.registerTypeAdapterFactory(new PublishedDiagnostic.Json());
        if (configureGson != null) {
          configureGson.accept(gson);
        }
      }) {
        @Override
        public Message parseMessage(Reader input) {
          String content;
          try {
            content = readAll(input);
          } catch (IOException e) {
            throw new JsonIOException(e);
          }
          try {
            return super.parseMessage(new StringReader(content));
          } catch (MessageIssueException e) {
            throw e;
          } catch (RuntimeException e) {
            throw answerable(content, e);
          }
        }
      };
    }

    private static String readAll(Reader input) throws IOException {
      StringBuilder out = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = input.read(buffer)) >= 0; ) {
        out.append(buffer, 0, n);
      }
      return out.toString();
    }

    /** A parse failure as an issue of the request it came with, when its id and method can be read. */
    private static RuntimeException answerable(String content, RuntimeException failure) {
      try {
        JsonReader reader = new JsonReader(new StringReader(content));
        reader.setLenient(true);
        JsonElement json = JsonParser.parseReader(reader);
        if (json.isJsonObject()) {
          JsonElement id = json.getAsJsonObject().get("id");
          JsonElement method = json.getAsJsonObject().get("method");
          if (id != null && id.isJsonPrimitive() && method != null && method.isJsonPrimitive()) {
            RequestMessage request = new RequestMessage();
            request.setJsonrpc(MessageConstants.JSONRPC_VERSION);
            request.setRawId(id.getAsJsonPrimitive().isNumber() ? Either.forRight(id.getAsNumber()) : Either.forLeft(id.getAsString()));
            request.setMethod(method.getAsString());
            return new MessageIssueException(request, new MessageIssue("Message could not be parsed.", ResponseErrorCode.ParseError.getValue(), failure));
          }
        }
      } catch (RuntimeException e) {
        // Not JSON at all: nothing to answer.
      }
      return failure;
    }

    @Override
    protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
      MessageConsumer outgoing = wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler));
      Endpoint services = ServiceEndpoints.toEndpoint(localServices);
      Endpoint answering = new Endpoint() {
        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
          CompletableFuture<?> result = services.request(method, parameter);
          return result != null ? result : CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
              ResponseErrorCode.InvalidRequest, "`" + method + "` is a notification: send it without an id", null)));
        }

        @Override
        public void notify(String method, Object parameter) {
          services.notify(method, parameter);
        }
      };
      RemoteEndpoint remote = exceptionHandler == null
          ? new RemoteEndpoint(outgoing, answering)
          : new RemoteEndpoint(outgoing, answering, exceptionHandler);
      jsonHandler.setMethodProvider(remote);
      remote.setJsonHandler(jsonHandler);
      return remote;
    }
  }
}
