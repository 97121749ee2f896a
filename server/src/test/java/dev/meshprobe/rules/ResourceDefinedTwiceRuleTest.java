package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class ResourceDefinedTwiceRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("resource-defined-twice");
  }
}
