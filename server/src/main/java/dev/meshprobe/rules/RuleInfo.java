package dev.meshprobe.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's identity, on its class: the stable id (diagnostic code, docs page, fixture folder,
 * suppression key, settings key), its default severity, a one-line summary and the upstream page that
 * documents the behaviour.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
  String id();

  Severity severity();

  String summary();

  String href();
}
