package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class ProbeHostBreaksRewriteRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("probe-host-breaks-rewrite");
  }
}
