package dev.meshprobe.engine;

import java.nio.charset.StandardCharsets;

/**
 * Tells from a file's bytes, without decoding or parsing them, whether it may hold mesh facts (a
 * Namespace, a PeerAuthentication, a legacy Policy or MeshPolicy, an IstioOperator, Istio's own
 * ConfigMaps): the first index reads those files before the others, so that a file opened meanwhile is
 * decided with them. A {@code kind} key followed by one of those kinds anywhere in the text is enough;
 * a wrong guess only changes the order in which files are read.
 */
final class MeshScan {

  private MeshScan() {}

  static boolean mayHoldMeshFacts(byte[] bytes) {
    // One pass over the bytes: the kinds and keys looked for are ASCII, and UTF-8 never puts an ASCII
    // byte inside another character.
    boolean istioConfigMap = false;
    boolean configMap = false;
    int n = bytes.length - 3;
    for (int i = 0; i < n; i++) {
      byte b = bytes[i];
      if (b == 'k' && bytes[i + 1] == 'i' && bytes[i + 2] == 'n' && bytes[i + 3] == 'd') {
        int value = valueAt(bytes, i + 4);
        if (value >= 0) {
          for (byte[] kind : KINDS) {
            if (isWordAt(bytes, value, kind)) {
              return true;
            }
          }
          configMap |= isWordAt(bytes, value, CONFIG_MAP);
        }
      } else if (b == 'i' && bytes[i + 1] == 's' && bytes[i + 2] == 't' && bytes[i + 3] == 'i') {
        if (startsWith(bytes, i, SIDECAR_INJECTOR)) {
          return true;
        }
        // Istio's mesh configuration is the ConfigMap named istio.
        istioConfigMap |= i >= 6 && startsWith(bytes, i - 6, ISTIO_NAME);
      }
    }
    return istioConfigMap && configMap;
  }

  private static final byte[][] KINDS = {ascii("Namespace"), ascii("PeerAuthentication"), ascii("Policy"), ascii("MeshPolicy"), ascii("IstioOperator")};
  private static final byte[] CONFIG_MAP = ascii("ConfigMap");
  private static final byte[] SIDECAR_INJECTOR = ascii("istio-sidecar-injector");
  private static final byte[] ISTIO_NAME = ascii("name: istio\n");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] word) {
    if (at + word.length > bytes.length) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      if (bytes[at + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code word} is written at {@code at}, not followed by another letter. */
  private static boolean isWordAt(byte[] bytes, int at, byte[] word) {
    int end = at + word.length;
    return startsWith(bytes, at, word) && (end >= bytes.length || !Character.isLetter(bytes[end]));
  }

  /** Where the value after {@code kind} at {@code from} starts when a colon follows it ({@code kind: X}, {@code "kind": "X"}), else -1. */
  private static int valueAt(byte[] bytes, int from) {
    int i = from;
    if (i < bytes.length && (bytes[i] == '"' || bytes[i] == '\'')) {
      i++;
    }
    i = skipBlanks(bytes, i);
    if (i >= bytes.length || bytes[i] != ':') {
      return -1;
    }
    i = skipBlanks(bytes, i + 1);
    if (i < bytes.length && (bytes[i] == '"' || bytes[i] == '\'')) {
      i++;
    }
    return i;
  }

  private static int skipBlanks(byte[] bytes, int i) {
    while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t')) {
      i++;
    }
    return i;
  }
}
