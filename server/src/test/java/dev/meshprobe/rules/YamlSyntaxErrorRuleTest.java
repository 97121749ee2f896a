package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class YamlSyntaxErrorRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("yaml-syntax-error");
  }
}
