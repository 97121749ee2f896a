package dev.meshprobe.lsp;

import dev.meshprobe.CdsArchive;
import dev.meshprobe.engine.Log;
import com.google.gson.JsonIOException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
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
    // The process ends when this returns: a message the engine is writing is finished first, and none follows.
    server.closeOutput();
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
    Launcher<MeshprobeClient> launcher = new AnsweringBuilder(server, warmup)
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
   * Every request with an id gets an answer, with the error code LSP gives it ({@link ProtocolEndpoint}).
   * LSP4J leaves two kinds unanswered: a request for a notification method ({@code didOpen} with an
   * {@code id}), which it runs and then fails on the missing result, and a request whose parameters
   * break its parser in some ways (an array where one object is expected), which it only logs. Both are
   * answered here with an error. Problems with messages are logged to the client as one line each.
   */
  private static final class AnsweringBuilder extends LSPLauncher.Builder<MeshprobeClient> {
    private final MeshprobeServer server;
    private final boolean warmup;
    private MessageJsonHandler jsonHandler;
    private RemoteEndpoint remoteEndpoint;

    AnsweringBuilder(MeshprobeServer server, boolean warmup) {
      this.server = server;
      this.warmup = warmup;
    }

    @Override
    protected MessageJsonHandler createJsonHandler() {
      MessageJsonHandler handler = answeringJsonHandler();
      jsonHandler = handler;
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
          try {
            return parseMessage(readAll(input));
          } catch (IOException e) {
            throw new JsonIOException(e);
          }
        }

        /** Parses the whole message, held as one string (the reader reads each message whole). */
        @Override
        public Message parseMessage(CharSequence input) {
          String content = input.toString();
          try {
            return super.parseMessage(new StringReader(content));
          } catch (MessageIssueException e) {
            throw asInvalidParams(content, e);
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

    /**
     * LSP4J's parse error for a request whose parameters it could not read, as InvalidParams when the
     * message is JSON: the JSON was fine, its parameters did not have the shape of the method's.
     */
    private static MessageIssueException asInvalidParams(String content, MessageIssueException e) {
      if (!(e.getRpcMessage() instanceof RequestMessage) || e.getIssues().isEmpty()
          || e.getIssues().get(0).getIssueCode() != ResponseErrorCode.ParseError.getValue() || !isJson(content)) {
        return e;
      }
      RequestMessage request = (RequestMessage) e.getRpcMessage();
      return new MessageIssueException(request, new MessageIssue("The parameters of `" + request.getMethod()
          + "` do not have the shape LSP gives them.", ResponseErrorCode.InvalidParams.getValue()));
    }

    private static boolean isJson(String content) {
      try {
        JsonParser.parseString(content);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }

    /**
     * A parse failure as an issue of the request it came with, when its id and method can be read:
     * LSP4J's own parser gave up on its parameters in a way it does not report.
     */
    private static RuntimeException answerable(String content, RuntimeException failure) {
      RequestMessage request = FramedMessageProducer.request(content);
      if (request == null) {
        return failure;
      }
      boolean json = isJson(content);
      return new MessageIssueException(request, new MessageIssue(json
          ? "The parameters of `" + request.getMethod() + "` do not have the shape LSP gives them."
          : "The message is not valid JSON.", (json ? ResponseErrorCode.InvalidParams : ResponseErrorCode.ParseError).getValue()));
    }

    /** The server's own reader in place of LSP4J's, which a single wrong Content-Length deafens for good. */
    @Override
    protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer lsp4jReader, MessageConsumer consumer, MeshprobeClient proxy) {
      long max = FrameReader.maxMessageBytes(line -> server.log().warn(line, null));
      return super.createMessageProcessor(new FramedMessageProducer(input, jsonHandler, remoteEndpoint, server.log(), max), consumer, proxy);
    }

    @Override
    protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
      MessageConsumer stream = new StreamMessageConsumer(output, jsonHandler);
      MessageConsumer outgoing = wrapMessageConsumer(message -> server.write(() -> stream.consume(message)));
      Endpoint protocol = new ProtocolEndpoint(server, ServiceEndpoints.toEndpoint(localServices));
      RemoteEndpoint remote = new RemoteEndpoint(outgoing, protocol, ProtocolEndpoint::toError) {
        /** A request the parser could not read: answered with the issue's code and text, without the Java exception. */
        @Override
        protected void handleRequestIssues(RequestMessage request, List<MessageIssue> issues) {
          MessageIssue first = issues.get(0);
          outgoing.consume(createErrorResponseMessage(request, new ResponseError(first.getIssueCode(), first.getText(), null)));
        }

        /** A notification or response the parser could not read: one line in the server's log. */
        @Override
        protected void logIssues(Message message, List<MessageIssue> issues) {
          for (MessageIssue issue : issues) {
            server.log().warn("ignored a message: " + issue.getText(), null);
          }
        }
      };
      jsonHandler.setMethodProvider(remote);
      remote.setJsonHandler(jsonHandler);
      remoteEndpoint = remote;
      return remote;
    }
  }
}
