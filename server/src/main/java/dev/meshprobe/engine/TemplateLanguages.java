package dev.meshprobe.engine;

import dev.meshprobe.yaml.YEntry;
import dev.meshprobe.yaml.YMapping;
import dev.meshprobe.yaml.YNode;
import dev.meshprobe.yaml.YScalar;
import dev.meshprobe.yaml.YSequence;
import dev.meshprobe.yaml.YamlDocument;
import dev.meshprobe.yaml.YamlFile;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a file that is the input of another tool from a manifest (DESIGN §9, other template
 * languages): Kubernetes never sees such a file, so it is not linted, and reported once as not
 * analysed, naming the tool. Only what a manifest cannot be counts, so that a real manifest is never
 * taken for a template:
 *
 * <ul>
 *   <li><b>Carvel ytt</b>: a line that starts with a {@code #@} annotation ({@code #@ if}, {@code #@
 *       load(...)}, {@code #@overlay/match}) or a value followed by {@code #@ expression}. To YAML they
 *       are comments, so the file may parse, with both branches of an {@code if} as repeated keys.
 *   <li><b>Jinja</b>: {@code {% %}} statements or {@code {{ }}} expressions that break the YAML.
 *   <li><b>Go templates</b> (outside charts): {@code {{ }}} actions that break the YAML, or that stand
 *       where a value starts, which YAML reads as a mapping ({@code port: {{ .Values.port }}}). Actions
 *       inside quoted or block scalars are text (Argo's {@code "{{inputs.x}}"}, Prometheus alert
 *       templates, Istio's injector template in a ConfigMap), so they do not count.
 *   <li><b>{@code %PLACEHOLDER%}</b> values that a script replaces ({@code sed}): one that breaks the
 *       YAML, or that stands for a name, namespace, label, image or replica count. Envoy's access-log
 *       operators ({@code %START_TIME%}) look the same but live in formats, so they do not count.
 * </ul>
 */
final class TemplateLanguages {
  /** A tool whose input a file is, with the clause a finding names it by. */
  enum Tool {
    YTT("a Carvel ytt template (#@ annotations), not plain YAML"),
    JINJA("a Jinja template ({% %} or {{ }}), not plain YAML"),
    GO("a Go template ({{ }} actions), not plain YAML"),
    SED("a template with %PLACEHOLDER% values that a script fills in, not plain YAML");

    private final String description;

    Tool(String description) {
      this.description = description;
    }

    /** What the file is, after "This file was not analysed: it is". */
    String description() {
      return description;
    }
  }

  /** A ytt annotation line, or a value annotated inline ({@code key: #@ data.values.x}). */
  private static final Pattern YTT = Pattern.compile(
      "(?m)^[ \\t]*(?:- )?#@(?:[ \\t]|(?:[a-z][a-z0-9_-]*/[a-z][a-z0-9_/-]*)|$)|:[ \\t]+#@[ \\t]");
  private static final Pattern JINJA_STATEMENT = Pattern.compile("\\{%-?[ \\t]*[a-z]+\\b.*?%}|\\{#.*?#}");
  private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern PLACEHOLDER = Pattern.compile("%[A-Z][A-Z0-9_]{2,}%");
  private static final Set<String> GO_WORDS = Set.of("if", "else", "end", "range", "with", "include", "template", "define", "block",
      "toYaml", "toJson", "tpl", "required", "default", "printf", "print", "quote", "nindent", "indent", "not", "and", "or", "eq",
      "ne", "index", "len", "trim", "lower", "upper", "b64enc", "break", "continue");
  /** Keys whose values a placeholder template fills in and a manifest states literally. */
  private static final Set<String> IDENTITY_KEYS = Set.of("name", "namespace", "image", "replicas", "serviceAccountName");

  private TemplateLanguages() {}

  /**
   * True when the text has any marker of another tool, without parsing; false means it is surely no
   * template (the fast path for files of the first index).
   */
  static boolean mayBeTemplate(String text) {
    return text.contains("#@") || text.contains("{%") || text.contains("{{") || hasPlaceholder(text);
  }

  /** The tool whose input the text is, or null for a manifest (or plain YAML). */
  static Tool detect(String text, YamlFile yaml) {
    if (text.contains("#@") && YTT.matcher(text).find()) {
      return Tool.YTT;
    }
    boolean broken = yaml.documents().stream().anyMatch(YamlDocument::hasSyntaxError);
    if (text.contains("{{") || text.contains("{%")) {
      Tool t = broken ? brokenByActions(text) : actionWhereValueStarts(yaml);
      if (t != null) {
        return t;
      }
    }
    if (hasPlaceholder(text) && (broken ? placeholderBreaksTheYaml(text, yaml) : placeholderForIdentity(yaml))) {
      return Tool.SED;
    }
    return null;
  }

  /** For a file that does not parse: Jinja when it has statements or only Jinja-like expressions, else Go; null without actions. */
  private static Tool brokenByActions(String text) {
    if (text.contains("{%") && JINJA_STATEMENT.matcher(text).find()) {
      return Tool.JINJA;
    }
    boolean any = false;
    boolean jinjaLike = false;
    Matcher m = ACTION.matcher(text);
    while (m.find()) {
      any = true;
      if (isGoAction(m.group(1))) {
        return Tool.GO;
      }
      // Jinja writes {{ name }} and {{ name | filter }}; Go has no bare names.
      jinjaLike |= m.group(1).startsWith(" ") && Character.isLetter(m.group(1).strip().isEmpty() ? ' ' : m.group(1).strip().charAt(0));
    }
    return !any ? null : jinjaLike ? Tool.JINJA : Tool.GO;
  }

  /** For a file that parses: an action where a value starts, which YAML read as a flow mapping. */
  private static Tool actionWhereValueStarts(YamlFile yaml) {
    for (YamlDocument d : yaml.documents()) {
      Tool t = walk(d.root(), d.text());
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static Tool walk(YNode n, String text) {
    if (n instanceof YMapping m) {
      if (m.flow() && text.startsWith("{{", m.start())) {
        int end = text.indexOf("}}", m.start());
        String action = text.substring(m.start() + 2, end < 0 ? Math.min(text.length(), m.start() + 40) : end);
        return isGoAction(action) ? Tool.GO : Tool.JINJA;
      }
      for (YEntry e : m.entries()) {
        Tool t = e.value() == null ? null : walk(e.value(), text);
        if (t == null) {
          t = walk(e.key(), text);
        }
        if (t != null) {
          return t;
        }
      }
    } else if (n instanceof YSequence s) {
      for (YNode item : s.items()) {
        Tool t = walk(item, text);
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }

  /** A Go template action: a field or variable ({@code .Values.x}, {@code $x}), a comment, or a Go template word. */
  private static boolean isGoAction(String action) {
    String a = action.strip();
    if (a.startsWith("-")) {
      a = a.substring(1).strip();
    }
    if (a.startsWith(".") || a.startsWith("$") || a.startsWith("/*")) {
      return true;
    }
    int end = 0;
    while (end < a.length() && Character.isLetter(a.charAt(end))) {
      end++;
    }
    return end > 0 && (end == a.length() || !Character.isLetterOrDigit(a.charAt(end)) && a.charAt(end) != '.' && a.charAt(end) != '_')
        && GO_WORDS.contains(a.substring(0, end));
  }

  private static boolean hasPlaceholder(String text) {
    int i = text.indexOf('%');
    while (i >= 0 && i + 4 < text.length()) {
      int j = i + 1;
      while (j < text.length() && isPlaceholderChar(text.charAt(j), j == i + 1)) {
        j++;
      }
      if (j < text.length() && text.charAt(j) == '%' && j - i > 3) {
        return true;
      }
      i = text.indexOf('%', j < text.length() && text.charAt(j) == '%' ? j : i + 1);
    }
    return false;
  }

  private static boolean isPlaceholderChar(char c, boolean first) {
    return c >= 'A' && c <= 'Z' || !first && (c >= '0' && c <= '9' || c == '_');
  }

  /**
   * A placeholder where the YAML breaks: on the line of a syntax error, outside a comment
   * ({@code namespace: %NAMESPACE%}, where YAML cannot start a value with {@code %}). An unrelated
   * error in a file that quotes Envoy's {@code %START_TIME%} elsewhere stays a syntax error.
   */
  private static boolean placeholderBreaksTheYaml(String text, YamlFile yaml) {
    for (YamlDocument d : yaml.documents()) {
      for (var p : d.problems()) {
        if (p.kind() != dev.meshprobe.yaml.YamlProblem.Kind.SYNTAX) {
          continue;
        }
        int at = Math.min(text.length(), d.start() + p.start());
        int lineStart = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        int lineEnd = text.indexOf('\n', at);
        String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        int hash = line.indexOf(" #");
        Matcher m = PLACEHOLDER.matcher(hash < 0 ? line : line.substring(0, hash));
        if (m.find() && !line.stripLeading().startsWith("#")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A placeholder as (part of) a name, namespace, label, image or replica count (a file that parses). */
  private static boolean placeholderForIdentity(YamlFile yaml) {
    for (YamlDocument d : yaml.documents()) {
      if (identityPlaceholder(d.root(), false)) {
        return true;
      }
    }
    return false;
  }

  private static boolean identityPlaceholder(YNode n, boolean labels) {
    if (n instanceof YMapping m) {
      for (YEntry e : m.entries()) {
        String key = e.keyText();
        YNode v = e.value();
        if (v instanceof YScalar s && (labels || key != null && IDENTITY_KEYS.contains(key)) && isInline(s)
            && PLACEHOLDER.matcher(s.value()).find()) {
          return true;
        }
        if (v != null && identityPlaceholder(v, "labels".equals(key))) {
          return true;
        }
      }
    } else if (n instanceof YSequence s) {
      for (YNode item : s.items()) {
        if (identityPlaceholder(item, false)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isInline(YScalar s) {
    return s.style() != YScalar.Style.LITERAL && s.style() != YScalar.Style.FOLDED;
  }
}
