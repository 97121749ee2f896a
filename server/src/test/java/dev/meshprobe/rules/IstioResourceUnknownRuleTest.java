package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class IstioResourceUnknownRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("istio-resource-unknown");
  }
}
