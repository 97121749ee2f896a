package dev.meshprobe.bench.jmh;

import dev.meshprobe.bench.ManifestGenerator;
import dev.meshprobe.bench.Sites;
import dev.meshprobe.text.SourceText;
import dev.meshprobe.text.TextChange;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import dev.meshprobe.yaml.YamlParser;
import java.util.List;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The generated 13,000-line, 400-document file, parsed, with two one-character edits: a digit of a
 * probe port in a Deployment near the middle of the file, and a digit of a Service's target port near
 * the middle (a Service is mesh-relevant, so that edit invalidates the mesh index). Also one typical
 * Deployment document on its own, for the per-document figures.
 */
@State(Scope.Benchmark)
public class GeneratedFile {
  public final YamlParser parser = new YamlParser();
  public String text;
  public String probeEdited;
  public String serviceEdited;
  /** Where {@link #probeEdited} and {@link #serviceEdited} differ from {@link #text}: one digit each. */
  public TextChange probeChange;
  public TextChange serviceChange;
  /** {@link #probeEdited} with its line index, as the server holds an edited buffer. */
  public SourceText probeEditedSource;
  public YamlFile parsed;
  /** The Deployment document whose probe port {@link #probeEdited} changes. */
  public YamlDocument deployment;
  public String deploymentText;

  @Setup
  public void setup() {
    text = ManifestGenerator.generate(ManifestGenerator.DEFAULT_SEED);
    parsed = parser.parse(text);
    List<Sites.Site> probes = Sites.probePortDigits(text);
    Sites.Site probe = probes.get(probes.size() / 2);
    probeEdited = Sites.bumpDigit(text, probe.offset());
    probeChange = TextChange.replace(probe.offset(), probe.offset() + 1, 1);
    probeEditedSource = new SourceText(probeEdited);
    Sites.Site service = null;
    for (Sites.Site s : Sites.otherNumberDigits(text)) {
      if (s.offset() > text.length() / 2 && text.lastIndexOf("kind: Service\n", s.offset()) > text.lastIndexOf("kind: Deployment\n", s.offset())
          && text.lastIndexOf("kind: Service\n", s.offset()) > text.lastIndexOf("kind: ConfigMap\n", s.offset())) {
        service = s;
        break;
      }
    }
    serviceEdited = Sites.bumpDigit(text, service.offset());
    serviceChange = TextChange.replace(service.offset(), service.offset() + 1, 1);
    for (YamlDocument d : parsed.documents()) {
      if (d.start() <= probe.offset() && probe.offset() < d.end()) {
        deployment = d;
      }
    }
    deploymentText = deployment.text();
  }
}
