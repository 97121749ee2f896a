package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.context.TestTools;
import dev.meshprobe.reliability.Failures;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.MessageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The corpus' Helm charts and Kustomize entries decided under STRICT mTLS and Istio 1.5 (where no probe
 * is rewritten, so every httpGet, grpc and tcpSocket probe behind a sidecar is reported): every one
 * renders (kube-prometheus excepted, for its true reason) and lints without a rule failing, every
 * probe finding starts at its probe's key in the edited file (template, base or values), and every
 * message keeps the shape of DESIGN §2.
 */
class CorpusContextFindingsTest {
  private static final Path CORPUS = Path.of(System.getProperty("meshprobe.repo", "..")).resolve("../shared/corpus").toAbsolutePath().normalize();
  private static final List<String> WITH_CONTEXTS = List.of("GoogleCloudPlatform__microservices-demo", "cert-manager__cert-manager",
      "prometheus-operator__kube-prometheus");

  @BeforeAll
  static void tools() {
    assumeTrue(Files.isDirectory(CORPUS), "the shared corpus is not beside the repository");
    TestTools.require();
  }

  @Test
  void everyProbeOfEveryCorpusContextIsReportedOnItsKeyInTheEditedText() throws IOException {
    Failures failing = new Failures();
    Map<String, Integer> perSource = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String source : WITH_CONTEXTS) {
      Workspace ws = new Workspace(List.of(CORPUS.resolve(source)), failing);
      ws.setOverrides(Map.of("mesh", Map.of("mtls", "STRICT"), "istio", Map.of("version", "1.5")));
      ws.contexts().environment(TestTools.pathEnv());
      ws.indexFolders();
      ws.contexts().renderAll(2);
      for (Finding f : ContextWorkspaces.findings(ws)) {
        if (f.contexts().isEmpty()) {
          continue;
        }
        String text = Files.readString(Path.of(f.where().file()));
        if (f.subject().probe() != null && !text.startsWith(f.subject().probe(), f.where().start())) {
          problems.add(f.where().file() + "@" + f.where().start() + " does not start at " + f.subject().probe() + ": " + f.message());
        }
        String shape = MessageShape.problem(f);
        if (shape != null) {
          problems.add(f.rule() + ": " + shape + ": " + f.message());
        }
        perSource.merge(source + " " + f.rule(), 1, Integer::sum);
      }
    }
    failing.check();
    assertEquals(List.of(), problems);
    // The Online Boutique's chart and overlay each report the probes of their 11 services and redis.
    assertTrue(perSource.getOrDefault("GoogleCloudPlatform__microservices-demo probe-blocked-by-strict-mtls", 0) >= 20, perSource::toString);
    assertTrue(perSource.getOrDefault("cert-manager__cert-manager probe-blocked-by-strict-mtls", 0) >= 3, perSource::toString);
    assertEquals(1, perSource.getOrDefault("prometheus-operator__kube-prometheus file-not-analysed", 0), perSource::toString);
  }
}
