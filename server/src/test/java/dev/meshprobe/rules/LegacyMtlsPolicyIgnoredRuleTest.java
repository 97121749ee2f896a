package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class LegacyMtlsPolicyIgnoredRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("legacy-mtls-policy-ignored");
  }
}
