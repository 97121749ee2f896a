package dev.meshprobe.yaml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Composes the text of one document with snakeyaml-engine into a {@link YamlDocument}. Whatever the
 * text, the result is a document: a syntax error or an exceeded limit becomes a problem on it, never an
 * exception.
 */
final class DocumentParser {
  /** Aliases may repeat this many nodes beyond what the text holds before a document counts as a bomb. */
  static final long MAX_ALIAS_EXPANSION = 1_000_000;

  private final ParseLimits limits;
  private final LoadSettings settings;

  DocumentParser(ParseLimits limits) {
    this.limits = limits;
    this.settings = LoadSettings.builder()
        .setLabel("document")
        // Repeated keys are found on the tree, reported as warnings; snakeyaml would fail the document.
        .setAllowDuplicateKeys(true)
        // A key that contains itself is broken like any other cycle when the tree is built.
        .setAllowRecursiveKeys(true)
        // Legal YAML, if not something Kubernetes accepts; whoever reads the tree decides about it.
        .setAllowNonScalarKeys(true)
        .setMaxAliasesForCollections(limits.maxAliases())
        .setCodePointLimit(Math.max(1, limits.maxFileChars()))
        // Comments are read from the raw text where needed; collecting them here would cost time.
        .setParseComments(false)
        // Implicit tags are never used, and the failsafe schema skips resolving every plain scalar.
        .setSchema(new FailsafeSchema())
        .build();
  }

  YamlDocument parse(int index, int start, String text) {
    if (StructureScan.depth(text, limits.maxDepth()) > limits.maxDepth()) {
      return notAnalysed(index, start, text, tooDeep());
    }
    CodePointOffsets offsets = CodePointOffsets.of(text);
    Optional<Node> node;
    try {
      node = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
    } catch (MarkedYamlEngineException e) {
      return failed(index, start, text, SyntaxErrors.of(e, text, offsets));
    } catch (ReaderException e) {
      return failed(index, start, text, SyntaxErrors.of(e, text, offsets));
    } catch (YamlEngineException e) {
      if (String.valueOf(e.getMessage()).startsWith("Number of aliases")) {
        String reason = "alias expansion over the limit of " + limits.maxAliases() + " aliases";
        return notAnalysed(index, start, text, reason);
      }
      return failed(index, start, text, generic(e, text));
    } catch (StackOverflowError e) {
      // The pre-scan should have refused this document; this is the last line of defence.
      return notAnalysed(index, start, text, "nesting too deep to analyse");
    } catch (RuntimeException e) {
      return failed(index, start, text, generic(e, text));
    }
    if (node.isEmpty()) {
      return new YamlDocument(index, start, text, null, List.of());
    }
    TreeBuilder.Result tree = new TreeBuilder(text, offsets).build(node.get());
    if (tree.depth() > limits.maxDepth()) {
      return notAnalysed(index, start, text, tooDeep());
    }
    if (tree.expandedNodes() - tree.distinctNodes() > MAX_ALIAS_EXPANSION) {
      String reason = String.format(Locale.ROOT, "alias expansion over the limit of %,d nodes", MAX_ALIAS_EXPANSION);
      return notAnalysed(index, start, text, reason);
    }
    YNode root = isEmpty(tree.root()) ? null : tree.root();
    return new YamlDocument(index, start, text, root, tree.problems());
  }

  private String tooDeep() {
    return "nesting deeper than " + limits.maxDepth() + " levels";
  }

  /** An explicit document with no content ({@code ---} alone) composes to an empty plain scalar. */
  private static boolean isEmpty(YNode root) {
    return root instanceof YScalar s && s.isPlain() && s.tag() == null && s.value().isEmpty();
  }

  private static YamlProblem generic(RuntimeException e, String text) {
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return new YamlProblem(YamlProblem.Kind.SYNTAX, SyntaxErrors.sentence(message, ""), 0, firstLineEnd(text));
  }

  private static YamlDocument failed(int index, int start, String text, YamlProblem problem) {
    return new YamlDocument(index, start, text, null, List.of(problem));
  }

  private static YamlDocument notAnalysed(int index, int start, String text, String reason) {
    YamlProblem problem = new YamlProblem(YamlProblem.Kind.NOT_ANALYSED, reason, 0, firstLineEnd(text));
    return new YamlDocument(index, start, text, null, List.of(problem));
  }

  /** Problems about a whole document or file sit on its first line. */
  static int firstLineEnd(String text) {
    int i = 0;
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }
}
