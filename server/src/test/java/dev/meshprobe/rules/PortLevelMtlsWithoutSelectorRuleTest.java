package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class PortLevelMtlsWithoutSelectorRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("port-level-mtls-without-selector");
  }
}
