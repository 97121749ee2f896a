/**
 * Source text and positions. Inside Meshprobe a position is a char offset into a file's text (UTF-16
 * units, as Java strings count them); lines and UTF-16 columns exist only at the edges (LSP, CLI).
 * Depends on nothing.
 */
package dev.meshprobe.text;
