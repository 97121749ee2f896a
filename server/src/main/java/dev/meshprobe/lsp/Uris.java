package dev.meshprobe.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File URIs to paths and back. The client's own spelling of a URI is kept for the documents it names,
 * since clients compare URIs as strings (VS Code encodes {@code c%3A}, others do not).
 */
final class Uris {
  /** Written on the protocol's reader thread (URIs of incoming messages), read on the engine thread. */
  private final Map<Path, String> clientSpelling = new ConcurrentHashMap<>();

  /** The path of a URI, or null for a URI that is not a file (untitled buffers, other schemes). */
  Path pathOf(String uri) {
    try {
      URI u = URI.create(uri);
      if (!"file".equalsIgnoreCase(u.getScheme())) {
        return null;
      }
      Path p = Path.of(u).toAbsolutePath().normalize();
      clientSpelling.putIfAbsent(p, uri);
      return p;
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  String uriOf(Path p) {
    String known = clientSpelling.get(p);
    return known != null ? known : p.toUri().toString();
  }
}
