/**
 * The command line: {@code check} and its reporters (text, JSON, SARIF, GitHub workflow commands,
 * GitLab Code Quality), fingerprints and baselines, {@code fix}, {@code rules} and {@code explain}.
 * Converts offsets to lines and columns at this edge. Depends on {@code engine} and below; never on LSP.
 */
package dev.meshprobe.cli;
