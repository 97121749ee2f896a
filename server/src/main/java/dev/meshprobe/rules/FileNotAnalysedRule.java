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
