package dev.meshprobe.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every chart and kustomization of the shared corpus (each source folder one workspace), rendered with
 * the real tools: each renders, or fails for its true reason; and every key and value of every rendered
 * document maps to a place in the edited text that holds it (literal locations hold exactly that key or
 * value, the others a key of the file), every probe key literally.
 */
class CorpusContextsTest {
  private static final Path CORPUS = Path.of(System.getProperty("meshprobe.repo", "..")).resolve("../shared/corpus").normalize();
  private static final YamlParser PARSER = new YamlParser();
  private static final java.util.regex.Pattern PROBE_LINE = java.util.regex.Pattern.compile("\\s*(liveness|readiness|startup)Probe:\\s*");

  /**
   * Contexts of the corpus that cannot render, and why: the corpus keeps only some files of
   * kube-prometheus, whose kustomization lists them all.
   */
  private static final Map<String, String> EXPECTED_FAILURES = Map.of(
      "prometheus-operator__kube-prometheus kustomize:prometheus-operator__kube-prometheus", "no such file or directory");

  @BeforeAll
  static void tools() {
    assumeTrue(Files.isDirectory(CORPUS), "the shared corpus is not beside the repository");
    TestTools.require();
  }

  @Test
  void everyCorpusContextRendersOrFailsForItsReasonAndMapsEveryNodeToTextThatHoldsIt() throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, String> failures = new TreeMap<>();
    Map<String, Integer> rendered = new TreeMap<>();
    int nodes = 0;
    int probeKeys = 0;
    int probeLines = 0;
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        Scenario s = new Scenario(d);
        for (DeploymentContext c : s.contexts.rendered()) {
          String id = d.getFileName() + " " + c.id();
          RenderResult r = s.render(c);
          if (r instanceof RenderFailure f) {
            failures.put(id, f.reason() + " " + f.message() + " " + f.toolOutput());
            continue;
          }
          Rendered out = (Rendered) r;
          rendered.put(id, out.documents().size());
          probeLines += (int) out.text().lines().filter(line -> PROBE_LINE.matcher(line).matches()).count();
          for (RenderedDocument doc : out.documents()) {
            int[] counts = check(doc, doc.document().root(), false, problems, id);
            nodes += counts[0];
            probeKeys += counts[1];
          }
        }
      }
    }
    assertEquals(EXPECTED_FAILURES.keySet(), failures.keySet(), "contexts that failed: " + failures);
    EXPECTED_FAILURES.forEach((id, why) -> assertTrue(failures.get(id).startsWith("TOOL_FAILED") && failures.get(id).contains(why),
        id + " failed otherwise: " + failures.get(id)));
    assertEquals(List.of("GoogleCloudPlatform__microservices-demo helm:helm-chart#release",
        "GoogleCloudPlatform__microservices-demo kustomize:kubernetes-manifests",
        "cert-manager__cert-manager helm:deploy/charts/cert-manager#release"), List.copyOf(rendered.keySet()));
    assertTrue(probeKeys > 0 && probeKeys == probeLines, probeKeys + " probe keys checked, " + probeLines + " rendered: " + rendered);
    assertTrue(problems.isEmpty(), problems.size() + " of " + nodes + " nodes mapped wrong:\n" + String.join("\n", problems.subList(0, Math.min(40, problems.size()))));
  }

  @Test
  void theIstioChartsWithoutChartYamlAreNotChartsButAreSaidToBeTemplates() {
    Scenario s = new Scenario(CORPUS.resolve("istio__istio"));
    assertTrue(s.contexts.rendered().isEmpty(), "no Chart.yaml, no chart: " + s.contexts.rendered());
    Path charts = CORPUS.resolve("istio__istio/manifests/charts");
    assertTrue(s.contexts.templatesWithoutChart().containsAll(List.of(charts.resolve("gateway"), charts.resolve("ztunnel"),
        charts.resolve("istio-cni"), charts.resolve("istio-control/istio-discovery"))), s.contexts.templatesWithoutChart().toString());
    Path template = charts.resolve("gateway/templates/deployment.yaml");
    assertTrue(s.contexts.plain().files().contains(template), "its templates stay with the plain files, where the engine skips them as templates");
  }

  /** Checks every key and value under {@code n}; returns {nodes checked, probe keys checked}. */
  private static int[] check(RenderedDocument doc, YNode n, boolean underContainers, List<String> problems, String id) {
    int[] counts = new int[2];
    if (n instanceof YMapping m) {
      for (YEntry e : m.entries()) {
        boolean probe = underContainers && e.keyText() != null && e.keyText().endsWith("Probe");
        counts[0]++;
        counts[1] += probe ? 1 : 0;
        verify(doc, e.key(), true, probe, problems, id);
        boolean containers = "containers".equals(e.keyText()) || "initContainers".equals(e.keyText());
        int[] below = check(doc, e.value(), containers || (underContainers && e.value() instanceof YMapping), problems, id);
        counts[0] += below[0];
        counts[1] += below[1];
      }
    } else if (n instanceof YSequence s) {
      for (YNode item : s.items()) {
        int[] below = check(doc, item, underContainers, problems, id);
        counts[0] += below[0];
        counts[1] += below[1];
      }
    } else if (n instanceof YScalar sc && !sc.isNull()) {
      counts[0]++;
      verify(doc, n, false, false, problems, id);
    }
    return counts;
  }

  private static void verify(RenderedDocument doc, YNode node, boolean key, boolean mustBeLiteral, List<String> problems, String id) {
    Location l;
    try {
      l = doc.locate(node);
    } catch (RuntimeException e) {
      problems.add(id + ": " + node.text() + " threw " + e);
      return;
    }
    String what = id + " " + doc.source() + " " + (key ? "key " : "value ") + node.text() + ": ";
    if (l == null) {
      problems.add(what + "not located");
      return;
    }
    String text = SourceFiles.readDisk(l.file());
    if (text == null || l.start() < 0 || l.end() > text.length() || l.start() > l.end()) {
      problems.add(what + "outside its file: " + l);
      return;
    }
    String at = text.substring(l.start(), l.end());
    if (mustBeLiteral && !l.literal()) {
      problems.add(what + "a probe key must map literally, maps to " + Scenario.describe(l));
    }
    if (l.literal()) {
      if (!node.text().equals(scalar(at))) {
        problems.add(what + "literal location holds " + at);
      }
    } else if (l.origin() != Origin.CHART && (at.isEmpty() || !isKey(text, l.end()) && !isScalar(at))) {
      problems.add(what + "maps to neither a key nor a value: " + Scenario.describe(l));
    }
  }

  /** The scalar a piece of YAML text is (quotes and block indicators read as YAML reads them), or null. */
  private static String scalar(String yaml) {
    for (YamlDocument d : PARSER.parse(yaml).documents()) {
      return d.root() == null ? null : d.root().text();
    }
    return null;
  }

  private static boolean isScalar(String at) {
    return !at.contains("\n") && scalar(at) != null;
  }

  /** True when the text at {@code end} goes on as a mapping key does: {@code :} after the key. */
  private static boolean isKey(String text, int end) {
    return end < text.length() && text.charAt(end) == ':';
  }
}
