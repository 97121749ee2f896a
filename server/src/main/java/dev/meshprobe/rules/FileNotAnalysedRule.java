package dev.meshprobe.rules;

import dev.meshprobe.k8s.Anchor;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlProblem;
import java.util.function.Consumer;

/** A file skipped or cut short by a safety limit, so that a silent pass is never mistaken for a clean one. */
@RuleInfo(
    id = "file-not-analysed",
    severity = Severity.INFO,
    summary = "Meshprobe skipped this file or read only part of it, so it may hide problems.",
    href = "https://yaml.org/spec/1.2.2/")
public final class FileNotAnalysedRule extends Rule {
  @Override
  public void checkFile(String file, YamlFile yaml, Consumer<Finding> sink) {
    if (yaml.notAnalysed() != null) {
      sink.accept(finding(SourceRef.absolute(file, 0, 0), message(yaml.notAnalysed())).build());
    }
  }

  /** Reports a reason found before the file was parsed (unreadable bytes). */
  public Finding notRead(String file, String reason) {
    return finding(SourceRef.absolute(file, 0, 0), "This file was not analysed: it is " + reason + ".").build();
  }

  /**
   * Reports a deployment context (DESIGN §9) its tool could not render, on its entry file ({@code
   * Chart.yaml} or the entry kustomization): {@code what} names it ("This chart"), {@code reason} says
   * why and what to do, and the tool's first lines follow as notes.
   */
  public Finding notRendered(SourceRef where, String what, String reason, java.util.List<String> toolOutput) {
    String r = reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
    FindingBuilder b = finding(where, what + " was not analysed: " + r + ".");
    toolOutput.forEach(b::note);
    return b.build();
  }

  @Override
  public void checkDocument(String file, Anchor anchor, YamlDocument document, Consumer<Finding> sink) {
    for (YamlProblem p : document.problems()) {
      if (p.kind() == YamlProblem.Kind.NOT_ANALYSED) {
        sink.accept(finding(SourceRef.absolute(file, 0, 0), "Document " + (document.index() + 1) + " of this file was not analysed: "
            + p.message() + ".").build());
      }
    }
  }

  private static String message(YamlProblem p) {
    return "This file was not analysed: it is " + p.message() + ".";
  }
}
