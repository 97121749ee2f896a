package dev.meshprobe.context;

/** What rendering one context gave: its documents with their source map, or why there are none. */
public sealed interface RenderResult permits Rendered, RenderFailure {
  DeploymentContext context();
}
