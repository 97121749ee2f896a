package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class IstioAnnotationMisplacedRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("istio-annotation-misplaced");
  }
}
