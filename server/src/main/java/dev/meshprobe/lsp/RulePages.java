package dev.meshprobe.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.meshprobe.engine.Explainer;
import dev.meshprobe.engine.Markup;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.MarkupKind;

/**
 * How explanations are written for the connected client, from its capabilities: plain text when its
 * hovers take no Markdown; Markdown with links when it names its Markdown parser ({@code
 * general.markdown}, LSP 3.16), which renders them; Markdown without links otherwise (Neovim shows the
 * raw target of a link). A rule's page opens through the client's own command when it declares one
 * ({@code experimental.meshprobe.rulePageCommand}: the VS Code extension bundles the pages), else from
 * a copy of the page bundled in the jar, written to a private temporary folder the first time it is
 * linked.
 */
final class RulePages {
  private static final Gson GSON = new Gson();

  private final Markup markup;
  private final String command;
  private final boolean diagnosticsInHover;
  private Path folder;

  RulePages(ClientCapabilities caps) {
    this.markup = markup(caps);
    JsonObject meshprobe = meshprobeExperimental(caps);
    this.command = command(meshprobe);
    JsonElement b = meshprobe == null ? null : meshprobe.get("hoverShowsDiagnostics");
    this.diagnosticsInHover = b != null && b.isJsonPrimitive() && b.getAsJsonPrimitive().isBoolean() && b.getAsBoolean();
  }

  Explainer.Style style() {
    return new Explainer.Style(markup, this::link, diagnosticsInHover);
  }

  static Markup markup(ClientCapabilities caps) {
    var td = caps == null ? null : caps.getTextDocument();
    List<String> formats = td == null || td.getHover() == null ? null : td.getHover().getContentFormat();
    if (formats != null && !formats.isEmpty() && !formats.contains(MarkupKind.MARKDOWN)) {
      return Markup.PLAIN;
    }
    boolean parser = caps != null && caps.getGeneral() != null && caps.getGeneral().getMarkdown() != null;
    return parser ? Markup.MARKDOWN_LINKS : Markup.MARKDOWN;
  }

  /**
   * The client's {@code experimental.meshprobe} object, or null: what the VS Code extension declares
   * ({@code rulePageCommand}, the command that opens a bundled rule page; {@code hoverShowsDiagnostics},
   * true where the editor shows a diagnostic's message and related information in the hover box).
   */
  static JsonObject meshprobeExperimental(ClientCapabilities caps) {
    Object experimental = caps == null ? null : caps.getExperimental();
    if (experimental == null) {
      return null;
    }
    JsonElement json = experimental instanceof JsonElement e ? e : GSON.toJsonTree(experimental);
    if (!json.isJsonObject() || !json.getAsJsonObject().has("meshprobe") || !json.getAsJsonObject().get("meshprobe").isJsonObject()) {
      return null;
    }
    return json.getAsJsonObject().getAsJsonObject("meshprobe");
  }

  /** The command the client opens a rule page with, or null. */
  static String command(JsonObject meshprobe) {
    if (meshprobe == null) {
      return null;
    }
    JsonElement c = meshprobe.get("rulePageCommand");
    return c != null && c.isJsonPrimitive() && c.getAsJsonPrimitive().isString() && !c.getAsString().isBlank() ? c.getAsString() : null;
  }

  /** Where the page of {@code rule} opens, or null when it cannot be linked. */
  synchronized String link(String rule) {
    if (command != null) {
      return "command:" + command + "?" + URLEncoder.encode(GSON.toJson(List.of(rule)), StandardCharsets.UTF_8);
    }
    String page = Explainer.rulePage(rule);
    if (page == null) {
      return null;
    }
    try {
      if (folder == null) {
        folder = Files.createTempDirectory("meshprobe-rules-");
        folder.toFile().deleteOnExit();
      }
      Path file = folder.resolve(rule + ".md");
      if (!Files.exists(file)) {
        Files.writeString(file, page);
        file.toFile().deleteOnExit();
      }
      return file.toUri().toString();
    } catch (IOException e) {
      return null;
    }
  }
}
