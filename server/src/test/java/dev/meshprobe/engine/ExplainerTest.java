package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hovers and inlay hints as a person reads them, on the bundled examples: short, with the facts that
 * decided this probe at workspace-relative locations, without the diagnostic's sentence or the rule
 * page, and written for the client (links, Markdown without links, plain text). Statements are issue
 * 13's to word: these tests look at the structure (locations, lines, links), not at fact wording.
 */
class ExplainerTest {
  private static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();
  private static final Path EXAMPLES = REPO.resolve("examples");
  private static final Path CORPUS = REPO.resolve("../shared/corpus").normalize();
  private static final Explainer.Style LINKS = new Explainer.Style(Markup.MARKDOWN_LINKS, rule -> "command:open?" + rule, false);
  private static final Explainer.Style NO_LINKS = new Explainer.Style(Markup.MARKDOWN, rule -> "command:open?" + rule, false);
  private static final Explainer.Style PLAIN = new Explainer.Style(Markup.PLAIN, rule -> "command:open?" + rule, false);
  /** VS Code: a diagnostic's message and related information are shown in the same hover box, on its range. */
  private static final Explainer.Style VSCODE = new Explainer.Style(Markup.MARKDOWN_LINKS, rule -> "command:open?" + rule, true);

  private static Workspace examples() {
    Workspace ws = new Workspace(List.of(EXAMPLES), Log.SILENT);
    ws.indexFolders();
    return ws;
  }

  private static int at(Path file, String fragment) throws IOException {
    int i = Files.readString(file).indexOf(fragment);
    assertTrue(i >= 0, fragment);
    return i;
  }

  @Test
  void theSeedHoverIsShortNamesItsFactsWhereTheyAreAndLinksTheRuleAndIstio() throws IOException {
    Workspace ws = examples();
    Path web = EXAMPLES.resolve("shop/web.yaml");
    Explainer.Explanation e = new Explainer(ws).hover(web, at(web, "livenessProbe") + 3, LINKS);
    String text = e.text();
    assertTrue(text.lines().count() <= 15, "at most 15 lines:\n" + text);
    assertTrue(text.startsWith("✗ "), "the verdict comes first, in one line:\n" + text);
    // Each deciding fact with its workspace-relative location, a link to the file and line.
    assertTrue(text.contains("[cluster/namespaces.yaml:7](file:"), text);
    assertTrue(text.contains("[shop/web.yaml:20](file:"), text);
    assertTrue(text.contains("[cluster/mtls-strict.yaml:9](file:"), text);
    assertTrue(text.contains("#L9,"), "the link opens the line: " + text);
    assertTrue(text.contains("[Rule probe-blocked-by-strict-mtls](command:open?probe-blocked-by-strict-mtls)"), text);
    assertTrue(text.contains("](https://istio.io/"), "the upstream page: " + text);
    assertTrue(text.contains("What would change it"), text);
    Finding seed = ws.lint(web).stream().filter(f -> f.rule().equals("probe-blocked-by-strict-mtls")).findFirst().orElseThrow();
    assertFalse(text.contains(seed.message()), "not the diagnostic's sentence again");
    assertFalse(text.contains("## ") || text.contains("```"), "not the rule page: " + text);
  }

  @Test
  void onTheDiagnosticsRangeAClientThatShowsItInTheHoverGetsNoFactTwice() throws IOException {
    Workspace ws = examples();
    Path web = EXAMPLES.resolve("shop/web.yaml");
    Explainer explainer = new Explainer(ws);
    Finding seed = ws.lint(web).stream().filter(f -> f.rule().equals("probe-blocked-by-strict-mtls")).findFirst().orElseThrow();
    assertFalse(seed.related().isEmpty(), "the seed finding lists its facts as related information");
    String onKey = explainer.hover(web, at(web, "livenessProbe") + 3, VSCODE).text();
    String inside = explainer.hover(web, at(web, "path: /healthz") + 1, VSCODE).text();
    for (Finding.Related r : seed.related()) {
      String place = "[" + EXAMPLES.relativize(Path.of(r.where().file())) + ":";
      assertFalse(onKey.contains(place), "already in the diagnostic part of the box: " + place + "\n" + onKey);
      assertTrue(inside.contains(place), "off the diagnostic's range the hover is whole: " + place + "\n" + inside);
    }
    assertTrue(onKey.contains("What would change it") && onKey.contains("Istio 1.30"), "the way out and the Istio version stay:\n" + onKey);
    assertTrue(inside.contains("Rule probe-blocked-by-strict-mtls"), "the links are one line lower:\n" + inside);
    assertFalse(onKey.contains("✗"), "the verdict is the diagnostic's sentence just above: " + onKey);
    assertTrue(onKey.lines().count() <= 3, "a few lines under the diagnostic:\n" + onKey);
    assertTrue(onKey.lines().count() < inside.lines().count(), onKey);
    // A client that does not show diagnostics in the hover gets every fact on the key too.
    assertEquals(explainer.hover(web, at(web, "livenessProbe") + 3, LINKS).text(), explainer.hover(web, at(web, "path: /healthz") + 1, LINKS).text());
  }

  @Test
  void theHoverWorksAnywhereInTheProbeBlockWithTheSameText() throws IOException {
    Workspace ws = examples();
    Path web = EXAMPLES.resolve("shop/web.yaml");
    Explainer explainer = new Explainer(ws);
    Explainer.Explanation onKey = explainer.hover(web, at(web, "livenessProbe"), LINKS);
    for (String inside : List.of("httpGet:", "path: /healthz", "port: 8080", "timeoutSeconds: 2")) {
      Explainer.Explanation e = explainer.hover(web, at(web, inside) + 1, LINKS);
      assertNotNull(e, inside);
      assertEquals(onKey.text(), e.text(), inside);
      assertEquals(at(web, "livenessProbe"), e.start(), "the range starts at the probe key");
    }
    assertNull(explainer.hover(web, at(web, "image: ghcr.io") + 2, LINKS), "no probe, no hover");
  }

  @Test
  void annotationHoversWorkOnTheValueAsOnTheKey() throws IOException {
    Workspace ws = examples();
    Path web = EXAMPLES.resolve("shop/web.yaml");
    Explainer explainer = new Explainer(ws);
    Explainer.Explanation key = explainer.hover(web, at(web, "sidecar.istio.io/rewriteAppHTTPProbers") + 2, LINKS);
    Explainer.Explanation value = explainer.hover(web, at(web, "\"false\"") + 2, LINKS);
    assertNotNull(value, "a hover on the annotation's value");
    assertEquals(key.text(), value.text());
    assertTrue(value.text().contains("rewriteAppHTTPProbers"), value.text());
  }

  @Test
  void withoutLinksLocationsArePlainTextAndPlainTextHasNoMarkup() throws IOException {
    Workspace ws = examples();
    Path web = EXAMPLES.resolve("shop/web.yaml");
    int offset = at(web, "livenessProbe");
    String noLinks = new Explainer(ws).hover(web, offset, NO_LINKS).text();
    assertFalse(noLinks.contains("file:") || noLinks.contains("]("), noLinks);
    assertTrue(noLinks.contains("cluster/mtls-strict.yaml:9"), noLinks);
    assertTrue(noLinks.contains("https://istio.io/"), "the upstream address as text: " + noLinks);
    assertTrue(noLinks.contains("probe-blocked-by-strict-mtls"), noLinks);
    String plain = new Explainer(ws).hover(web, offset, PLAIN).text();
    assertEquals(Markup.PLAIN, new Explainer(ws).hover(web, offset, PLAIN).markup());
    for (String markup : List.of("**", "`", "](", "file:")) {
      assertFalse(plain.contains(markup), "no " + markup + " in plain text:\n" + plain);
    }
    assertTrue(plain.contains("cluster/mtls-strict.yaml:9"), plain);
  }

  @Test
  void hintsFitThirtyCharactersAndTheirTooltipNamesWhatDecidedThisProbe() throws IOException {
    Workspace ws = examples();
    Explainer explainer = new Explainer(ws);
    Path web = EXAMPLES.resolve("shop/web.yaml");
    List<Explainer.Hint> webHints = explainer.hints(web);
    assertEquals(List.of("✗ STRICT, no rewrite"), webHints.stream().map(Explainer.Hint::label).toList());
    assertTrue(webHints.get(0).tooltip().contains("cluster/mtls-strict.yaml:9"), webHints.get(0).tooltip());

    // payments: rewriting is off, but the probe's port is excluded from the sidecar: the exclusion
    // decided, not the mesh-wide STRICT policy.
    Path payments = EXAMPLES.resolve("shop/payments.yaml");
    List<Explainer.Hint> hints = explainer.hints(payments);
    assertEquals(List.of("✓ port excluded"), hints.stream().map(Explainer.Hint::label).toList());
    String tooltip = hints.get(0).tooltip();
    assertTrue(tooltip.contains("shop/payments.yaml:17"), "the exclusion annotation's line: " + tooltip);
    assertTrue(tooltip.contains("shop/payments.yaml:16"), "the rewrite annotation's line: " + tooltip);
    assertFalse(tooltip.contains("mtls-strict.yaml"), "the mesh-wide policy did not decide this probe: " + tooltip);

    Path cart = EXAMPLES.resolve("shop/cart.yaml");
    for (Explainer.Hint h : explainer.hints(cart)) {
      assertTrue(h.label().length() <= Explainer.HINT_MAX, h.label());
    }
  }

  @Test
  void everyHintOfTheCorpusFitsAndEveryProbeHoverStaysShort() throws IOException {
    assumeTrue(Files.isDirectory(CORPUS), "the shared corpus is not beside the repository");
    List<Path> sources;
    try (Stream<Path> s = Files.list(CORPUS)) {
      sources = s.filter(Files::isDirectory).sorted().toList();
    }
    List<String> problems = new ArrayList<>();
    int hints = 0;
    for (Path source : sources) {
      Workspace ws = new Workspace(List.of(source), Log.SILENT);
      ws.indexFolders();
      Explainer explainer = new Explainer(ws);
      for (Path p : ws.files()) {
        for (Explainer.Hint h : explainer.hints(p)) {
          hints++;
          if (h.label().length() > Explainer.HINT_MAX) {
            problems.add(p + ": hint " + h.label());
          }
          Explainer.Explanation e = explainer.hover(p, h.offset() - 1, NO_LINKS);
          if (e != null && e.text().lines().count() > 15) {
            problems.add(p + ": hover of " + e.text().lines().count() + " lines");
          }
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(hints > 100, "hints over the corpus: " + hints);
  }
}
