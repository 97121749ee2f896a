package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class TcpProbeAlwaysSucceedsRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("tcp-probe-always-succeeds");
  }
}
