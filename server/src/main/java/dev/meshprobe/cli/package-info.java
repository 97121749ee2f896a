/**
 * The command line: {@code check} and its reporters (text, JSON, SARIF). Converts offsets to lines and
 * columns at this edge. Depends on {@code engine} and below; never on LSP.
 */
package dev.meshprobe.cli;
