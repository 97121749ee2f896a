/**
 * The engine: the workspace model (every file, parsed incrementally, with the mesh index of all of
 * them), configuration layers, suppressions, and linting of one file. Depends on {@code rules},
 * {@code mesh}, {@code k8s}, {@code yaml}, {@code text}; never on LSP or the CLI.
 */
package dev.meshprobe.engine;
