package dev.meshprobe.engine;

/**
 * How an explanation is written for the client that shows it. A client that names its Markdown parser
 * (LSP {@code general.markdown}, as VS Code does) renders Markdown with links; one that takes Markdown
 * without naming a parser (Neovim) shows it as highlighted text, where a link would show its raw
 * target, so locations are written as plain {@code path:line}; a client that takes only plain text
 * gets no markup at all.
 */
public enum Markup {
  MARKDOWN_LINKS,
  MARKDOWN,
  PLAIN;

  public boolean markdown() {
    return this != PLAIN;
  }

  public boolean links() {
    return this == MARKDOWN_LINKS;
  }

  String bold(String text) {
    return markdown() ? "**" + text + "**" : text;
  }

  /** Code as the client shows it; plain text drops the backticks. */
  String code(String text) {
    return markdown() ? "`" + text + "`" : text;
  }

  /**
   * A sentence that may hold Markdown code spans (fact statements quote keys in backticks): kept for
   * Markdown clients, without the backticks for plain text.
   */
  String text(String sentence) {
    return markdown() ? sentence : sentence.replace("`", "");
  }

  /** A link where the client renders them, else the text alone. */
  String link(String text, String target) {
    return links() && target != null ? "[" + text + "](" + target + ")" : text;
  }

  /** A link that stays usable as text: the address itself where links are not rendered. */
  String webLink(String text, String url) {
    return links() ? "[" + text + "](" + url + ")" : text + ": " + url;
  }

  /** A list item. */
  String item(String text) {
    return (markdown() ? "- " : "• ") + text;
  }
}
