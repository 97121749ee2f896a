/**
 * Performance tooling, outside the server: the deterministic manifest and workspace generators, the
 * edit and hover places found in a manifest's text, and helpers that read JMH and JFR results. Depends
 * on the server's engine (to check what it generates) and nothing of it depends on this.
 */
package dev.meshprobe.bench;
