/**
 * The LSP4J adapter: the only package that imports LSP4J. It translates protocol messages into calls
 * on the engine (which runs on one engine thread, never on the reader thread) and engine results into
 * protocol types, converting offsets to UTF-16 line/character positions at this edge.
 */
package dev.meshprobe.lsp;
