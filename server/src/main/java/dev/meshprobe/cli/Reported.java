package dev.meshprobe.cli;

import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.Position;

/**
 * A finding as the command line reports it: its file relative to the working directory and its range
 * as 0-based lines and UTF-16 columns (reporters add one where their format counts from 1).
 */
record Reported(String file, Finding finding, Position start, Position end, java.util.List<RelatedReported> related) {
  record RelatedReported(String file, Position start, Position end, String message) {}
}
