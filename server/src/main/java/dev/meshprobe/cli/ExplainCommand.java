package dev.meshprobe.cli;

import dev.meshprobe.engine.Explainer;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code meshprobe explain RULE}: prints the rule's page (the Markdown of {@code docs/rules/RULE.md}
 * bundled in the jar, as the editor's hover shows it). An unknown id is a usage error (exit 2) that
 * lists the ids, with the closest one first when the id looks like a misspelling.
 */
public final class ExplainCommand {
  static final String USAGE = """
      Usage: meshprobe explain RULE

      Prints the documentation page of a rule: what happens at runtime, when it is reported, how to fix
      it. `meshprobe rules` lists the rule ids.
      """;

  private final PrintStream out;
  private final PrintStream err;

  public ExplainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(USAGE);
      return 0;
    }
    if (args.length != 1) {
      err.println("meshprobe explain: " + (args.length == 0 ? "which rule?" : "one rule at a time"));
      err.print(USAGE);
      return 2;
    }
    String id = args[0].trim().toLowerCase(Locale.ROOT);
    Rule rule = Rules.byId(id);
    String page = rule == null ? null : Explainer.rulePage(rule.id());
    if (rule == null) {
      String near = closest(id);
      err.println("meshprobe explain: unknown rule `" + args[0] + "`" + (near == null ? "" : "; did you mean " + near + "?"));
      err.println("Rules: " + String.join(", ", Rules.all().stream().map(Rule::id).toList()));
      return 2;
    }
    if (page == null) {
      err.println("meshprobe explain: the page of " + rule.id() + " is missing from this build; " + rule.summary() + " See " + rule.href());
      return 2;
    }
    out.print(page.endsWith("\n") ? page : page + "\n");
    return 0;
  }

  /** The rule id within a few edits of {@code id}, or one that contains it; null when none is close. */
  private static String closest(String id) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Rule r : Rules.all()) {
      int d = r.id().contains(id) && id.length() >= 4 ? 0 : distance(id, r.id());
      if (d < bestDistance) {
        bestDistance = d;
        best = r.id();
      }
    }
    return bestDistance <= Math.max(2, id.length() / 4) ? best : null;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
