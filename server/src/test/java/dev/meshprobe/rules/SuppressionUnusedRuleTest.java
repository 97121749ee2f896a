package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class SuppressionUnusedRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("suppression-unused");
  }
}
