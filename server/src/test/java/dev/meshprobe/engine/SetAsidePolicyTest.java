package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Messages;
import dev.meshprobe.rules.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A course's section folder holds a namespace-less STRICT PeerAuthentication beside workloads that name
 * their namespace (the course applies it with {@code kubectl apply -n hello-istio}). The folder rule
 * keeps the policy from deciding (DESIGN §1), so the verdict is Istio's default PERMISSIVE; the finding
 * must still name the policy, say where it is, and say how to make it count, and that advice must work.
 */
class SetAsidePolicyTest {
  @TempDir Path repo;

  private static final String POLICY = """
      apiVersion: security.istio.io/v1beta1
      kind: PeerAuthentication
      metadata:
        name: default
      spec:
        mtls:
          mode: STRICT
      """;

  private static final String WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: hello-istio-v1
        namespace: hello-istio
      spec:
        selector:
          matchLabels: {app: hello-istio}
        template:
          metadata:
            labels: {app: hello-istio}
          spec:
            containers:
              - name: hello-istio
                image: lreimer/hello-istio-golang:1.3.1
                ports:
                  - containerPort: 8080
                livenessProbe:
                  httpGet: {path: /, port: 8080}
      """;

  private Workspace workspace(String config) throws IOException {
    Path section = repo.resolve("Section-5/kubernetes");
    Files.createDirectories(section);
    Files.writeString(section.resolve("hello-istio-strict-mtls.yaml"), POLICY);
    Files.writeString(section.resolve("hello-istio.yaml"), WEB);
    if (config != null) {
      Files.writeString(repo.resolve(".meshprobe.yaml"), config);
    }
    Workspace ws = new Workspace(List.of(repo), Log.SILENT);
    ws.indexFolders();
    return ws;
  }

  @Test
  void theSetAsidePolicyIsNamedWithWhereItIsAndHowToMakeItCount() throws IOException {
    Workspace ws = workspace("istio: {version: \"1.5\"}\n");
    Path web = repo.resolve("Section-5/kubernetes/hello-istio.yaml");
    List<Finding> findings = ws.lint(web);
    assertEquals(1, findings.size(), findings.toString());
    Finding f = findings.get(0);
    assertEquals("probe-would-fail-under-strict-mtls", f.rule(), "the verdict is the folder rule's: PERMISSIVE, no rewrite in 1.5");
    assertEquals(Severity.HINT, f.severity(), "info, one level milder for the assumed sidecar (hello-istio is not in the workspace)");
    assertEquals("Liveness probe breaks if hello-istio-strict-mtls.yaml applies here: it sets STRICT mTLS and Istio 1.5 does not"
        + " rewrite probes by default (sidecar assumed).", f.message());
    Finding.Related setAside = f.related().stream().filter(r -> r.where().file().endsWith("hello-istio-strict-mtls.yaml"))
        .findFirst().orElseThrow(() -> new AssertionError("the policy as related information: " + f.related()));
    assertEquals("PeerAuthentication default (no namespace) sets STRICT, not taken for hello-istio: state its namespace, or set"
        + " defaultNamespace or contexts:", setAside.message());
    assertTrue(setAside.message().length() <= Messages.MAX, setAside.message());
    String policy = Files.readString(repo.resolve("Section-5/kubernetes/hello-istio-strict-mtls.yaml"));
    assertEquals(policy.indexOf("STRICT"), setAside.where().start(), "it points at the policy's mode");

    String hover = new Explainer(ws).hover(web, WEB.indexOf("livenessProbe") + 2, new Explainer.Style(Markup.PLAIN, r -> null, false)).text();
    assertTrue(hover.contains("not taken for hello-istio"), hover);
    assertTrue(hover.contains("hello-istio-strict-mtls.yaml:"), "with its place: " + hover);
  }

  @Test
  void followingTheAdviceMakesThePolicyDecide() throws IOException {
    Workspace ws = workspace("istio: {version: \"1.5\"}\ndefaultNamespace: hello-istio\n");
    List<Finding> findings = ws.lint(repo.resolve("Section-5/kubernetes/hello-istio.yaml"));
    assertEquals(List.of("probe-blocked-by-strict-mtls"), findings.stream().map(Finding::rule).toList(), findings.toString());
    assertTrue(findings.get(0).message().contains("requires STRICT mTLS"), findings.get(0).message());
  }
}
