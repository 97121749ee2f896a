package dev.meshprobe.fixes;

import dev.meshprobe.rules.ConfigurationInvalidRule;
import dev.meshprobe.rules.FileNotAnalysedRule;
import dev.meshprobe.rules.IstioAnnotationInvalidRule;
import dev.meshprobe.rules.IstioAnnotationMisplacedRule;
import dev.meshprobe.rules.ProbeBlockedByStrictMtlsRule;
import dev.meshprobe.rules.ProbeHostBreaksRewriteRule;
import dev.meshprobe.rules.ProbePortUnresolvedRule;
import dev.meshprobe.rules.ProbeWouldFailUnderStrictMtlsRule;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.StatusPortDisabledWithRewriteRule;
import dev.meshprobe.rules.SuppressionUnusedRule;
import dev.meshprobe.rules.TcpProbeAlwaysSucceedsRule;
import dev.meshprobe.rules.YamlSyntaxErrorRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which fixes apply to a finding, in the order an editor lists them, and which one is preferred: for a
 * probe the injector could rewrite, enabling the rewrite (one annotation, nothing to maintain);
 * otherwise an exec probe; for annotation and port findings the obvious correction. Suppressions come
 * last and are never preferred.
 */
public final class Fixes {
  private static final String BLOCKED = id(ProbeBlockedByStrictMtlsRule.class);
  private static final String WOULD_FAIL = id(ProbeWouldFailUnderStrictMtlsRule.class);
  private static final String TCP = id(TcpProbeAlwaysSucceedsRule.class);
  private static final String HOST = id(ProbeHostBreaksRewriteRule.class);
  private static final String PORT_UNRESOLVED = id(ProbePortUnresolvedRule.class);
  private static final String MISPLACED = id(IstioAnnotationMisplacedRule.class);
  private static final String INVALID = id(IstioAnnotationInvalidRule.class);
  private static final String STATUS_PORT = id(StatusPortDisabledWithRewriteRule.class);

  /** Findings about the file or its text rather than about a manifest: nothing to fix or silence in place. */
  private static final Set<String> NOT_SUPPRESSIBLE = Set.of(id(YamlSyntaxErrorRule.class), id(FileNotAnalysedRule.class),
      id(SuppressionUnusedRule.class), id(ConfigurationInvalidRule.class));

  private static final String MTLS_OPTIONS = "enable probe rewriting (`sidecar.istio.io/rewriteAppHTTPProbers: \"true\"` on the pod"
      + " template), use an exec probe, allow plaintext on the port with a workload PeerAuthentication (`portLevelMtls`"
      + " PERMISSIVE), or exclude the port from the sidecar (`traffic.sidecar.istio.io/excludeInboundPorts`).";
  private static final String TCP_OPTIONS = "enable probe rewriting (Istio 1.12 or later), use an exec probe that checks the port"
      + " from inside the container, or exclude the port from the sidecar (`traffic.sidecar.istio.io/excludeInboundPorts`).";
  private static final String HOST_OPTIONS = "remove `host` (send a `Host` header instead if the app needs one), or use an exec probe.";
  private static final String PORT_OPTIONS = "declare the port under the container's `ports`, or use the port number.";

  private Fixes() {}

  private static String id(Class<? extends Rule> rule) {
    return Rules.get(rule).id();
  }

  /** The fixes for a finding, computed on the context's text; the preferred one (if any) is marked. */
  public static List<Fix> forFinding(FixContext c) {
    return offers(c, false);
  }

  /**
   * The preferred fix of a finding, or null, without computing the others: fix-all asks it of every
   * finding of a file, and each fix is computed on the whole text (a one-line manifest of thousands of
   * probes made that quadratic in the fixes nobody applies).
   */
  public static Fix preferredFor(FixContext c) {
    return preferred(offers(c, true));
  }

  private static List<Fix> offers(FixContext c, boolean onlyPreferred) {
    List<Fix> out = new ArrayList<>();
    Fix preferred = null;
    String rule = c.rule();
    if (c.probe() != null && (rule.equals(BLOCKED) || rule.equals(WOULD_FAIL) || rule.equals(TCP))) {
      Fix rewrite = add(out, EnableProbeRewriteFix.offer(c));
      List<Fix> exec = rewrite != null && onlyPreferred ? List.of() : ReplaceWithExecProbeFix.offers(c);
      out.addAll(exec);
      preferred = rewrite != null ? rewrite : exec.isEmpty() ? null : exec.get(0);
      if (!onlyPreferred) {
        if (!rule.equals(TCP)) {
          // mTLS is not what breaks a TCP probe: Envoy answers it whatever the mode.
          add(out, AllowPlaintextOnPortFix.offer(c));
        }
        add(out, ExcludePortFromSidecarFix.offer(c));
        add(out, RemoveProbeFix.offer(c));
        add(out, InsertExplanatoryCommentFix.offer(c, rule.equals(TCP) ? TCP_OPTIONS : MTLS_OPTIONS));
      }
    } else if (c.probe() != null && rule.equals(HOST)) {
      List<Fix> exec = ReplaceWithExecProbeFix.offers(c);
      out.addAll(exec);
      preferred = exec.isEmpty() ? null : exec.get(0);
      if (!onlyPreferred) {
        add(out, RemoveProbeFix.offer(c));
        add(out, InsertExplanatoryCommentFix.offer(c, HOST_OPTIONS));
      }
    } else if (c.probe() != null && rule.equals(PORT_UNRESOLVED)) {
      preferred = add(out, DeclareNamedPortFix.offer(c));
      if (!onlyPreferred) {
        add(out, InsertExplanatoryCommentFix.offer(c, PORT_OPTIONS));
      }
    } else if (c.resource() != null && rule.equals(MISPLACED)) {
      preferred = add(out, MoveAnnotationToPodTemplateFix.offer(c));
    } else if (c.resource() != null && rule.equals(STATUS_PORT)) {
      preferred = add(out, RemoveStatusPortAnnotationFix.offer(c));
    } else if (c.resource() != null && rule.equals(INVALID)) {
      for (Fix f : FixBooleanValueFix.offers(c)) {
        out.add(f);
        if (((FixBooleanValueFix) f).certain()) {
          preferred = f;
        }
      }
    }
    if (preferred != null) {
      preferred.prefer();
    }
    if (!onlyPreferred && !NOT_SUPPRESSIBLE.contains(rule)) {
      add(out, SuppressWithCommentFix.offer(c));
      add(out, SuppressWithAnnotationFix.offer(c));
      add(out, SuppressInConfigurationFix.offer(c));
    }
    return out;
  }

  /**
   * What a finding decided in a rendered deployment context (DESIGN §9) and placed in a template, base,
   * patch or values file offers: only edits that land on literal text of the files the user edits.
   *
   * @param probeKey where the probe's key is written literally in the finding's file, or -1
   * @param rewriteSources where the rendered rewrite annotation's "false" was written, literally, in each
   *     context that gives the finding (empty when no annotation turned rewriting off)
   * @param kindRewritten the target Istio version rewrites this kind of probe once the annotation allows it
   */
  public record Mapped(int probeKey, List<Source> rewriteSources, boolean kindRewritten) {}

  /** Where a rendered value was written as literal text: a file, its current text, and the value's range in it. */
  public record Source(String file, String text, int start, int end) {}

  /** The fixes for a finding placed by a rendered context's source map, on the context's text ({@code c} has no resource or probe). */
  public static List<Fix> forMappedFinding(FixContext c, Mapped m) {
    List<Fix> out = new ArrayList<>();
    String rule = c.rule();
    boolean probeRule = rule.equals(BLOCKED) || rule.equals(WOULD_FAIL) || rule.equals(TCP);
    if (probeRule) {
      Fix rewrite = add(out, EnableProbeRewriteAtSourceFix.offer(m.rewriteSources()));
      if (rewrite != null && m.kindRewritten()) {
        rewrite.prefer();
      }
    }
    if ((probeRule || rule.equals(HOST) || rule.equals(PORT_UNRESOLVED)) && m.probeKey() >= 0) {
      String options = rule.equals(TCP) ? TCP_OPTIONS : rule.equals(HOST) ? HOST_OPTIONS : rule.equals(PORT_UNRESOLVED) ? PORT_OPTIONS
          : MTLS_OPTIONS;
      add(out, InsertExplanatoryCommentFix.offerAt(c, m.probeKey(), options));
    }
    if (!NOT_SUPPRESSIBLE.contains(rule)) {
      add(out, SuppressWithCommentFix.offer(c));
      add(out, SuppressInConfigurationFix.offer(c));
    }
    return out;
  }

  /** The preferred fix among {@code fixes}, or null. */
  public static Fix preferred(List<Fix> fixes) {
    for (Fix f : fixes) {
      if (f.isPreferred()) {
        return f;
      }
    }
    return null;
  }

  private static Fix add(List<Fix> out, Fix f) {
    if (f != null) {
      out.add(f);
    }
    return f;
  }
}
