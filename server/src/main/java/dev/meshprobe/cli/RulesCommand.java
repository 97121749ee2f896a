package dev.meshprobe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshprobe.engine.Config;
import dev.meshprobe.engine.ConfigBuilder;
import dev.meshprobe.engine.ConfigFile;
import dev.meshprobe.rules.Rule;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.rules.Severity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code meshprobe rules}: every rule with its default severity and summary; with a configuration
 * ({@code --config FILE}, else the {@code .meshprobe.yaml} of the working directory) also the severity
 * it sets ({@code off} when it turns the rule off).
 */
public final class RulesCommand {
  static final String USAGE = """
      Usage: meshprobe rules [--config FILE] [--format text|json]

      Lists the rules with their default severity and, when a configuration is given (or the working
      directory has a .meshprobe.yaml), the severity it sets. `meshprobe explain RULE` shows a rule's page.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Path cwd;

  public RulesCommand(PrintStream out, PrintStream err, Path cwd) {
    this.out = out;
    this.err = err;
    this.cwd = cwd;
  }

  public int run(String[] args) {
    Path configArg = null;
    String format = "text";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.print(USAGE);
        return 0;
      } else if ((a.equals("--config") || a.equals("--format")) && i + 1 < args.length) {
        if (a.equals("--config")) {
          configArg = Path.of(args[++i]);
        } else {
          format = args[++i];
        }
      } else if (a.startsWith("--config=")) {
        configArg = Path.of(a.substring("--config=".length()));
      } else if (a.startsWith("--format=")) {
        format = a.substring("--format=".length());
      } else {
        return usage("unexpected argument " + a);
      }
    }
    if (!format.equals("text") && !format.equals("json")) {
      return usage("--format must be text or json, not `" + format + "`");
    }
    Path configFile = configArg != null ? cwd.resolve(configArg).normalize() : cwd.resolve(ConfigFile.NAME);
    Config config = null;
    int problems = 0;
    if (configArg != null || Files.isRegularFile(configFile)) {
      try {
        ConfigBuilder builder = new ConfigBuilder(Config.DEFAULT);
        problems = ConfigFile.parse(configFile, Files.readString(configFile, StandardCharsets.UTF_8)).applyTo(builder).size();
        config = builder.build();
      } catch (IOException e) {
        err.println("meshprobe rules: cannot read the configuration " + (configArg != null ? configArg : configFile) + ": " + e.getMessage());
        return 2;
      }
    }
    String shown = configArg != null ? configArg.toString() : ConfigFile.NAME;
    if (format.equals("json")) {
      return json(config, shown);
    }
    int width = Rules.all().stream().mapToInt(r -> r.id().length()).max().orElse(10);
    String row = "%-" + width + "s  %-8s  " + (config == null ? "" : "%-10s  ") + "%s%n";
    if (config == null) {
      out.printf(row, "RULE", "DEFAULT", "SUMMARY");
    } else {
      out.printf(row, "RULE", "DEFAULT", "CONFIGURED", "SUMMARY");
    }
    for (Rule r : Rules.all()) {
      if (config == null) {
        out.printf(row, r.id(), r.defaultSeverity().id(), r.summary());
      } else {
        out.printf(row, r.id(), r.defaultSeverity().id(), configured(config, r), r.summary());
      }
    }
    if (config != null) {
      out.println();
      out.println("Configured in " + shown + (problems == 0 ? "" : " (" + problems + (problems == 1 ? " problem" : " problems")
          + ": meshprobe check reports them as configuration-invalid)") + ". A finding that rests on an assumed sidecar is one level milder.");
    }
    return 0;
  }

  private int json(Config config, String shown) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    if (config != null) {
      root.put("configuration", shown);
    }
    ArrayNode list = root.putArray("rules");
    for (Rule r : Rules.all()) {
      ObjectNode o = list.addObject();
      o.put("id", r.id());
      o.put("defaultSeverity", r.defaultSeverity().id());
      if (config != null) {
        o.put("severity", configured(config, r));
      }
      o.put("summary", r.summary());
      o.put("href", r.href());
    }
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (IOException e) {
      err.println("meshprobe rules: " + e.getMessage());
      return 2;
    }
    return 0;
  }

  /** The severity in force under {@code config}: its own, {@code off}, or the default. */
  private static String configured(Config config, Rule r) {
    if (config.isOff(r.id())) {
      return "off";
    }
    Severity s = config.severityOf(r.id());
    return (s == null ? r.defaultSeverity() : s).id();
  }

  private int usage(String problem) {
    err.println("meshprobe rules: " + problem);
    err.print(USAGE);
    return 2;
  }
}
