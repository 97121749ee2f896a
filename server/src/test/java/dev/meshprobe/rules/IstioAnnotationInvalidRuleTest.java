package dev.meshprobe.rules;

import org.junit.jupiter.api.Test;

class IstioAnnotationInvalidRuleTest {
  @Test
  void findsWhatTheFixturesExpect() {
    FixtureAssert.verify("istio-annotation-invalid");
  }
}
