package dev.meshprobe.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape every finding message keeps (DESIGN §2): one plain sentence, what will go wrong and then,
 * after a colon, the deciding reason, which starts within the first {@value #REASON_BY} characters;
 * never longer than {@value #MAX} characters, and no Markdown (clients show backticks literally).
 */
public final class Messages {
  /** The longest message: past it, Problems panels cut it off. */
  public static final int MAX = 160;
  /** The deciding reason starts before this character. */
  public static final int REASON_BY = 100;

  /** A detail in parentheses that may go when a message is too long: not one that says what was assumed. */
  private static final Pattern DETAIL = Pattern.compile(" \\((?![^()]*assum)(?!no namespace\\))[^()]*\\)");

  private Messages() {}

  /**
   * The message as given when it fits; else with its parenthetical details dropped, then cut at a word
   * with an ellipsis. Names (containers, files) are the user's and may be long.
   */
  static String fit(String message) {
    return fit(message, MAX);
  }

  /**
   * {@code head} fitted so that, followed by {@code tail} (a clause that must stay whole, such as the
   * contexts that give a finding), the message still fits; a tail too long to fit beside the reason is
   * left out.
   */
  static String fitWithTail(String head, String tail) {
    String h = fit(head, Math.max(REASON_BY, MAX - tail.length()));
    return h.length() + tail.length() <= MAX ? h + tail : fit(head + ".");
  }

  private static String fit(String message, int max) {
    String m = shortenNames(message.replace("`", ""));
    if (m.length() <= max) {
      return m;
    }
    // Details in parentheses go first, the last first; what was assumed stays.
    String shorter = m;
    Matcher detail = DETAIL.matcher(shorter);
    while (shorter.length() > max && detail.find()) {
      int start = detail.start();
      int end = detail.end();
      while (detail.find()) {
        start = detail.start();
        end = detail.end();
      }
      shorter = shorter.substring(0, start) + shorter.substring(end);
      detail = DETAIL.matcher(shorter);
    }
    if (shorter.length() <= max) {
      return shorter;
    }
    // Then the container's name: the finding sits on its probe anyway.
    shorter = shorter.replaceFirst(" of container \\S+", "");
    if (shorter.length() <= max) {
      return shorter;
    }
    int cut = shorter.lastIndexOf(' ', max - 1);
    return shorter.substring(0, cut > max / 2 ? cut : max - 1) + "…";
  }

  /**
   * The message with the longest words before its first colon cut short ({@code aaaa…}) until the
   * reason after the colon starts within the first {@value #REASON_BY} characters: those words are the
   * user's names (Kubernetes allows 253 characters), the reason is what the message is for.
   */
  private static String shortenNames(String m) {
    int colon = m.indexOf(": ");
    while (colon + 2 > REASON_BY - 1) {
      String head = m.substring(0, colon);
      String longest = "";
      for (String word : head.split(" ")) {
        if (word.length() > longest.length()) {
          longest = word;
        }
      }
      int excess = colon + 2 - (REASON_BY - 1);
      int keep = Math.max(8, longest.length() - excess - 1);
      if (keep >= longest.length() - 1) {
        return m; // nothing long enough to shorten
      }
      m = m.substring(0, head.indexOf(longest)) + longest.substring(0, keep) + "…" + m.substring(head.indexOf(longest) + longest.length());
      colon = m.indexOf(": ");
    }
    return m;
  }

  /** A statement as a sentence of its own: capitalised, plain, without a final period. */
  static String sentence(String statement) {
    String s = statement.replace("`", "");
    s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The sentence said once about an object whose namespace is assumed: what was assumed, and how to state it. */
  static String namespaceAssumed(String assumed, boolean sidecarToo) {
    return "No namespace in this file: " + assumed + " is assumed" + (sidecarToo ? ", with a sidecar," : "")
        + " and shared only with namespace-less files of this folder and below; set defaultNamespace or contexts: to state it";
  }
}
