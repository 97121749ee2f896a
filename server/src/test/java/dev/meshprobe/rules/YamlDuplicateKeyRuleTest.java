package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class YamlDuplicateKeyRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("yaml-duplicate-key");
  }
}
