package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class ProbeBlockedByStrictMtlsRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("probe-blocked-by-strict-mtls");
  }
}
