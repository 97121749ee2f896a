package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class StatusPortDisabledWithRewriteRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("status-port-disabled-with-rewrite");
  }
}
