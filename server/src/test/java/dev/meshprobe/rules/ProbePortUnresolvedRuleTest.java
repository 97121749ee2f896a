package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class ProbePortUnresolvedRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("probe-port-unresolved");
  }
}
