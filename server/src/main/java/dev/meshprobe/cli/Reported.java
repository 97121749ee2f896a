package dev.meshprobe.cli;

import dev.meshprobe.rules.Finding;
import dev.meshprobe.text.Position;

/**
 * A finding as the command line reports it: its file relative to the working directory and its range
 * as 0-based lines and UTF-16 columns (reporters add one where their format counts from 1), with its
 * {@link Fingerprint} and which occurrence of that fingerprint in the run it is (1 for the first).
 */
record Reported(String file, Finding finding, Position start, Position end, java.util.List<RelatedReported> related,
    Fingerprint fingerprint, int occurrence) {
  record RelatedReported(String file, Position start, Position end, String message) {}

  /**
   * The fingerprint, told apart from the earlier findings of the run that share it ({@code -2},
   * {@code -3}, ...), for formats whose consumers merge equal fingerprints into one (GitLab, GitHub
   * code scanning).
   */
  String occurrenceKey() {
    return occurrence <= 1 ? fingerprint.hash() : fingerprint.hash() + "-" + occurrence;
  }
}
