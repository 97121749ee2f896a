package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class FileNotAnalysedRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("file-not-analysed");
  }
}
