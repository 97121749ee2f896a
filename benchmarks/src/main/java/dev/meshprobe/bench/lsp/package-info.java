/**
 * The end-to-end latency benchmark: an LSP4J client that drives built language servers over stdio as
 * an editor would (open, one-character edits, hovers, code actions) and prints the side-by-side table
 * (scripts/bench-lsp.sh). Also the workspace index measurement of scripts/bench-scale.sh.
 */
package dev.meshprobe.bench.lsp;
