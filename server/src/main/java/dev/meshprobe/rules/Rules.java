package dev.meshprobe.rules;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every rule, registered once. A test fails when a rule class is missing here, or has no fixtures, test or docs page. */
public final class Rules {
  private static final List<Rule> ALL = List.of(
      new ProbeBlockedByStrictMtlsRule(),
      new ProbeWouldFailUnderStrictMtlsRule(),
      new TcpProbeAlwaysSucceedsRule(),
      new ProbeHostBreaksRewriteRule(),
      new ProbePortUnresolvedRule(),
      new IstioAnnotationMisplacedRule(),
      new IstioAnnotationInvalidRule(),
      new StatusPortDisabledWithRewriteRule(),
      new LegacyMtlsPolicyIgnoredRule(),
      new PeerAuthenticationConflictRule(),
      new PortLevelMtlsWithoutSelectorRule(),
      new ResourceDefinedTwiceRule(),
      new IstioResourceUnknownRule(),
      new YamlSyntaxErrorRule(),
      new YamlDuplicateKeyRule(),
      new FileNotAnalysedRule(),
      new SuppressionUnusedRule(),
      new ConfigurationInvalidRule());

  private static final Map<String, Rule> BY_ID = ALL.stream().collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

  private Rules() {}

  public static List<Rule> all() {
    return ALL;
  }

  /** The rule with this id, or null. */
  public static Rule byId(String id) {
    return BY_ID.get(id);
  }

  public static <T extends Rule> T get(Class<T> type) {
    for (Rule r : ALL) {
      if (type.isInstance(r)) {
        return type.cast(r);
      }
    }
    throw new IllegalArgumentException(type.getName());
  }
}
