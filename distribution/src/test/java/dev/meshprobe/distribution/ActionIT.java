package dev.meshprobe.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The repository's {@code action.yml} run as GitHub runs a composite action: its {@code run:} steps in
 * order, in bash as {@code shell: bash} starts it ({@code bash --noprofile --norc -eo pipefail}), in
 * the workspace, after the {@code ${{ }}} expressions are replaced, with {@code GITHUB_PATH} and
 * {@code GITHUB_OUTPUT} files carried from step to step. A {@code uses:} step is not run: its
 * {@code with:} inputs are checked against what the steps before it produced. An expression or
 * condition this runner does not know fails the test rather than being skipped.
 */
class ActionIT {
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*\\}\\}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path scratch;

  /** What a run of the action left: each step's result, the outputs, the inputs of the uses: steps. */
  private record ActionRun(Map<String, Installed.Result> steps, Map<String, Map<String, String>> outputs, Map<String, Map<String, String>> uses,
      Map<String, String> actionOutputs, Path workspace) {}

  @SuppressWarnings("unchecked")
  private ActionRun runAction(Map<String, String> given, Path actionPath, Map<String, String> extraEnv) throws IOException {
    Map<String, Object> action = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(Installed.REPO.resolve("action.yml")));
    Map<String, Object> runs = (Map<String, Object>) action.get("runs");
    assertEquals("composite", runs.get("using"));
    Map<String, String> inputs = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) action.get("inputs")).forEach((name, spec) -> inputs.put(name, String.valueOf(spec.getOrDefault("default", ""))));
    given.forEach((k, v) -> {
      assertTrue(inputs.containsKey(k), "action.yml declares the input " + k);
      inputs.put(k, v);
    });

    Path workspace = Files.createDirectories(scratch.resolve("workspace"));
    copyExamples(workspace.resolve("deploy"));
    Path runnerTemp = Files.createDirectories(scratch.resolve("runner-temp"));
    Path githubPath = Files.createFile(scratch.resolve("github-path"));
    Map<String, String> context = new HashMap<>();
    context.put("github.action_path", actionPath.toString());
    context.put("github.workspace", workspace.toString());
    context.put("runner.temp", runnerTemp.toString());
    inputs.forEach((k, v) -> context.put("inputs." + k, v));

    Map<String, Installed.Result> results = new LinkedHashMap<>();
    Map<String, Map<String, String>> outputs = new HashMap<>();
    Map<String, Map<String, String>> uses = new LinkedHashMap<>();
    List<String> pathAdditions = new ArrayList<>();
    int index = 0;
    for (Map<String, Object> step : (List<Map<String, Object>>) runs.get("steps")) {
      String name = (String) step.getOrDefault("name", "step " + index);
      String id = (String) step.getOrDefault("id", "__step" + index++);
      if (step.containsKey("if") && !condition(String.valueOf(step.get("if")), context)) {
        continue;
      }
      if (step.containsKey("uses")) {
        Map<String, String> with = new LinkedHashMap<>();
        ((Map<String, Object>) step.getOrDefault("with", Map.of())).forEach((k, v) -> with.put(k, substitute(String.valueOf(v), context)));
        with.put("uses", (String) step.get("uses"));
        uses.put(name, with);
        continue;
      }
      assertEquals("bash", step.get("shell"), "a composite run: step names its shell: " + name);
      Path script = scratch.resolve("step-" + index + ".sh");
      Files.writeString(script, substitute((String) step.get("run"), context));
      Path outputFile = Files.createFile(scratch.resolve("github-output-" + index));
      Map<String, String> env = Installed.baseEnvironment(scratch);
      env.remove("MESHPROBE_CDS");
      env.putAll(extraEnv);
      env.put("PATH", String.join(":", pathAdditions) + (pathAdditions.isEmpty() ? "" : ":") + env.get("PATH"));
      env.put("GITHUB_PATH", githubPath.toString());
      env.put("GITHUB_OUTPUT", outputFile.toString());
      env.put("GITHUB_ENV", scratch.resolve("github-env").toString());
      env.put("GITHUB_ACTION_PATH", actionPath.toString());
      env.put("GITHUB_WORKSPACE", workspace.toString());
      env.put("RUNNER_TEMP", runnerTemp.toString());
      env.put("GITHUB_ACTIONS", "true");
      ((Map<String, Object>) step.getOrDefault("env", Map.of())).forEach((k, v) -> env.put(k, substitute(String.valueOf(v), context)));
      Installed.Result r = Installed.run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()), workspace, env);
      results.put(name, r);
      // The runner prepends each line of GITHUB_PATH to the PATH of the steps after this one.
      pathAdditions.clear();
      List<String> added = new ArrayList<>(Files.readAllLines(githubPath));
      java.util.Collections.reverse(added);
      pathAdditions.addAll(added);
      Map<String, String> stepOutputs = new HashMap<>();
      for (String line : Files.readAllLines(outputFile)) {
        assertFalse(line.contains("<<"), "multi-line outputs are not emulated: " + line);
        int eq = line.indexOf('=');
        stepOutputs.put(line.substring(0, eq), line.substring(eq + 1));
      }
      outputs.put(id, stepOutputs);
      stepOutputs.forEach((k, v) -> context.put("steps." + id + ".outputs." + k, v));
      if (r.code() != 0) {
        break;
      }
    }
    Map<String, String> actionOutputs = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) action.get("outputs")).forEach((k, v) -> actionOutputs.put(k, substitute(String.valueOf(v.get("value")), context)));
    return new ActionRun(results, outputs, uses, actionOutputs, workspace);
  }

  /** {@code ${{ x }}} replaced from the context; an expression it does not hold fails the test. */
  private static String substitute(String text, Map<String, String> context) {
    Matcher m = EXPRESSION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = context.get(m.group(1));
      if (value == null) {
        fail("expression not known to this test's runner: " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The conditions action.yml uses: {@code inputs.x == 'value'}, with or without {@code ${{ }}}. */
  private static boolean condition(String expression, Map<String, String> context) {
    Matcher wrapped = EXPRESSION.matcher(expression.trim());
    String e = wrapped.matches() ? wrapped.group(1) : expression.trim();
    Matcher eq = Pattern.compile("([a-z][\\w.-]*)\\s*==\\s*'([^']*)'").matcher(e);
    if (!eq.matches() || !context.containsKey(eq.group(1))) {
      fail("condition not known to this test's runner: " + expression);
    }
    return context.get(eq.group(1)).equals(eq.group(2));
  }

  private static void copyExamples(Path to) throws IOException {
    Path from = Installed.REPO.resolve("examples");
    for (String f : Installed.listTree(from)) {
      Path source = from.resolve(f);
      if (Files.isDirectory(source)) {
        Files.createDirectories(to.resolve(f));
      } else {
        Files.copy(source, to.resolve(f));
      }
    }
  }

  @Test
  void stepsLintTheWorkspaceAnnotateAndHandTheSarifToTheUpload() throws IOException {
    ActionRun run = runAction(Map.of("path", "deploy", "meshprobe-home", Installed.home().toString()), Installed.REPO, Map.of());
    List<String> names = List.copyOf(run.steps().keySet());
    assertEquals(List.of("Set up Meshprobe", "Lint (SARIF)", "Report"), names);
    assertEquals(0, run.steps().get("Set up Meshprobe").code(), run.steps().get("Set up Meshprobe").both());
    assertEquals(0, run.steps().get("Lint (SARIF)").code(), "the SARIF step never fails on findings: " + run.steps().get("Lint (SARIF)").both());

    Map<String, String> upload = run.uses().get("Upload SARIF");
    assertNotNull(upload, "the upload runs by default: " + run.uses());
    assertTrue(upload.get("uses").startsWith("github/codeql-action/upload-sarif@v"), upload.toString());
    assertEquals("meshprobe", upload.get("category"));
    Path sarif = run.workspace().resolve(upload.get("sarif_file"));
    assertEquals(upload.get("sarif_file"), run.actionOutputs().get("sarif-file"));
    JsonNode result = JSON.readTree(Files.readString(sarif)).get("runs").get(0).get("results").get(0);
    assertEquals("probe-blocked-by-strict-mtls", result.get("ruleId").asText());
    JsonNode location = result.get("locations").get(0).get("physicalLocation");
    assertEquals("deploy/shop/web.yaml", location.get("artifactLocation").get("uri").asText(), "relative to the workspace, as code scanning wants");
    assertEquals(Installed.seedLocation().replace("examples/", "deploy/"),
        "deploy/shop/web.yaml:" + location.get("region").get("startLine").asInt() + ":");
    assertTrue(result.get("partialFingerprints").get("meshprobe/v1").asText().matches("[0-9a-f]{32}"));

    Installed.Result report = run.steps().get("Report");
    assertEquals(1, report.code(), "the findings fail the step: " + report.both());
    String annotation = report.out().lines().filter(l -> l.startsWith("::error ")).findFirst().orElseThrow(() -> new AssertionError(report.both()));
    assertTrue(annotation.contains("file=deploy/shop/web.yaml,line=" + location.get("region").get("startLine").asInt() + ","), annotation);
    assertTrue(annotation.contains("title=probe-blocked-by-strict-mtls::"), annotation);
  }

  @Test
  void aBaselineKnownFindingPassesAndOptionsTurnPartsOff() throws IOException {
    Path workspace = scratch.resolve("workspace");
    Map<String, String> env = Installed.baseEnvironment(scratch);
    copyExamples(workspace.resolve("deploy"));
    Installed.Result written = Installed.run(List.of(Installed.home().resolve("bin/meshprobe").toString(), "check", "--write-baseline",
        ".meshprobe-baseline.json", "deploy"), workspace, env);
    assertEquals(0, written.code(), written.both());
    Installed.deleteTree(workspace.resolve("deploy"));

    ActionRun run = runAction(Map.of("path", "deploy", "meshprobe-home", Installed.home().toString(), "baseline", ".meshprobe-baseline.json",
        "upload-sarif", "false", "annotations", "false"), Installed.REPO, Map.of());
    assertEquals(Map.of(), run.uses(), "upload-sarif: false skips the upload");
    assertEquals(0, run.steps().get("Report").code(), run.steps().get("Report").both());
    assertFalse(run.steps().get("Report").out().contains("::"), "annotations: false prints the text report");
    assertTrue(run.steps().get("Report").out().contains("1 known finding"), run.steps().get("Report").out());
    JsonNode results = JSON.readTree(Files.readString(run.workspace().resolve("meshprobe.sarif"))).get("runs").get(0).get("results");
    assertEquals(0, results.size(), "the baseline holds the seed");
  }

  @Test
  void withoutADistributionTheActionBuildsItFromItsOwnSource() throws IOException {
    // A stand-in for Maven that records how it was called; the distribution it would build is the one
    // this build made (distribution/target/meshprobe under the action's folder, the repository).
    Path fakeBin = Files.createDirectories(scratch.resolve("fake-bin"));
    Path calls = scratch.resolve("mvn-calls");
    Files.writeString(fakeBin.resolve("mvn"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + calls + "'\n");
    fakeBin.resolve("mvn").toFile().setExecutable(true);
    ActionRun run = runAction(Map.of("path", "deploy"), Installed.REPO,
        Map.of("PATH", fakeBin + ":" + System.getenv("PATH")));
    Installed.Result setup = run.steps().get("Set up Meshprobe");
    assertEquals(0, setup.code(), setup.both());
    List<String> args = Files.readAllLines(calls);
    assertEquals(Installed.REPO.resolve("pom.xml").toString(), args.get(args.indexOf("-f") + 1));
    assertEquals("distribution", args.get(args.indexOf("-pl") + 1));
    assertTrue(args.containsAll(List.of("-am", "package", "-DskipTests")), args.toString());
    assertEquals(Installed.REPO.resolve("distribution/target/meshprobe/bin").toString(),
        Files.readString(scratch.resolve("github-path")).trim());
    assertEquals(1, run.steps().get("Report").code(), run.steps().get("Report").both());
  }
}
