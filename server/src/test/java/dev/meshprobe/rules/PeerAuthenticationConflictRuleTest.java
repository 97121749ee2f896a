package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class PeerAuthenticationConflictRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("peer-authentication-conflict");
  }
}
