package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class ProbeWouldFailUnderStrictMtlsRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("probe-would-fail-under-strict-mtls");
  }
}
