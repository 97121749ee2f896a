package dev.meshprobe.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
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
    return serve(in, out);
  }

  public static int socket(int port) {
    System.setOut(new PrintStream(System.err, true));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return serve(socket.getInputStream(), socket.getOutputStream());
    } catch (IOException e) {
      System.err.println("meshprobe: cannot connect to localhost:" + port + ": " + e.getMessage());
      return 2;
    }
  }

  static int serve(InputStream in, OutputStream out) {
    MeshprobeServer server = new MeshprobeServer();
    Launcher<MeshprobeClient> launcher = new LSPLauncher.Builder<MeshprobeClient>()
        .setLocalService(server)
        .setRemoteInterface(MeshprobeClient.class)
        .setInput(in)
        .setOutput(out)
        .create();
    server.connect(launcher.getRemoteProxy());
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
}
