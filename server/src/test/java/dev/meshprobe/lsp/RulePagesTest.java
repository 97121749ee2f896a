package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.meshprobe.engine.Markup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.MarkdownCapabilities;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.junit.jupiter.api.Test;

/** Hovers are written for the client that shows them, and a rule's page opens where that client can open it. */
class RulePagesTest {
  private static ClientCapabilities caps(List<String> hoverFormats, boolean markdownParser, String experimental) {
    ClientCapabilities caps = new ClientCapabilities();
    if (hoverFormats != null) {
      TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
      td.setHover(new HoverCapabilities(hoverFormats, false));
      caps.setTextDocument(td);
    }
    if (markdownParser) {
      GeneralClientCapabilities general = new GeneralClientCapabilities();
      general.setMarkdown(new MarkdownCapabilities("marked", "1.1.0"));
      caps.setGeneral(general);
    }
    if (experimental != null) {
      caps.setExperimental(JsonParser.parseString(experimental));
    }
    return caps;
  }

  @Test
  void theMarkupFollowsTheClient() {
    // VS Code names its Markdown parser: links render.
    assertEquals(Markup.MARKDOWN_LINKS, RulePages.markup(caps(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT), true, null)));
    // Neovim takes Markdown but names no parser: a link would show its raw target.
    assertEquals(Markup.MARKDOWN, RulePages.markup(caps(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT), false, null)));
    assertEquals(Markup.MARKDOWN, RulePages.markup(new ClientCapabilities()));
    // A client whose hovers take plain text only.
    assertEquals(Markup.PLAIN, RulePages.markup(caps(List.of(MarkupKind.PLAINTEXT), true, null)));
  }

  @Test
  void aRulePageOpensThroughTheClientsCommandOrFromABundledCopy() throws Exception {
    RulePages vscode = new RulePages(caps(null, true, "{\"meshprobe\":{\"rulePageCommand\":\"meshprobe.openRulePage\"}}"));
    assertEquals("command:meshprobe.openRulePage?%5B%22probe-blocked-by-strict-mtls%22%5D", vscode.link("probe-blocked-by-strict-mtls"));

    RulePages other = new RulePages(caps(null, true, "{\"somethingElse\":true}"));
    String link = other.link("tcp-probe-always-succeeds");
    assertTrue(link.startsWith("file:"), link);
    String page = Files.readString(Path.of(java.net.URI.create(link)));
    assertTrue(page.startsWith("# tcp-probe-always-succeeds"), page);
    assertTrue(page.contains("https://istio.io/"), "the upstream link is on the page");
    assertNull(other.link("no-such-rule"));
    assertFalse(other.style().diagnosticsInHover(), "only a client that says so shows diagnostics in its hover box");
    RulePages declares = new RulePages(caps(null, true, "{\"meshprobe\":{\"rulePageCommand\":\"x\",\"hoverShowsDiagnostics\":true}}"));
    assertTrue(declares.style().diagnosticsInHover());
  }
}
