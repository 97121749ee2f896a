/**
 * YAML with exact positions: snakeyaml-engine composes each document of a file on its own into an
 * immutable {@link dev.meshprobe.yaml.YNode} tree whose spans are UTF-16 offsets relative to the
 * document. A broken document is isolated; the next ones still parse. Depends on {@code text} only.
 */
package dev.meshprobe.yaml;
