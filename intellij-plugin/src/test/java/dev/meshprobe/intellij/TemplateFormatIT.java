package dev.meshprobe.intellij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of intellij-plugin/template against the format LSP4IJ documents and reads (where each
 * rule comes from is written down in {@link Lsp4ij}), and the zip the build makes of it.
 */
class TemplateFormatIT {
  static final Path TEMPLATE = Path.of(System.getProperty("meshprobe.template", "template")).toAbsolutePath().normalize();
  static final Path ZIP = Path.of(System.getProperty("meshprobe.zip", "target/meshprobe-intellij.zip")).toAbsolutePath();
  static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();
  /** Where the README tells the user to put the jar, relative to the home directory. */
  static final String JAR_IN_HOME = ".lsp4ij/lsp/meshprobe/meshprobe.jar";
  static final String ARCHIVE_IN_HOME = ".lsp4ij/lsp/meshprobe/meshprobe.jsa";

  @TempDir Path tmp;

  static JsonObject json(String name) throws IOException {
    return Lsp4ij.parseStrict(TEMPLATE.resolve(name)).getAsJsonObject();
  }

  static void assertKeysWithin(JsonObject o, Set<String> allowed, String where) {
    Set<String> unknown = new TreeSet<>(o.keySet());
    unknown.removeAll(allowed);
    assertTrue(unknown.isEmpty(), where + ": keys LSP4IJ does not read (a typo is silently ignored): " + unknown);
  }

  @Test
  void theFolderHoldsOnlyFilesLsp4ijReads() throws IOException {
    Set<String> names;
    try (Stream<Path> files = Files.list(TEMPLATE)) {
      names = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> unknown = new TreeSet<>(names);
    unknown.removeAll(Lsp4ij.TEMPLATE_FILES);
    assertTrue(unknown.isEmpty(), "files LSP4IJ would ignore: " + unknown);
    assertTrue(names.containsAll(Set.of("template.json", "settings.json", "settings.schema.json",
        "initializationOptions.json", "installer.json", "README.md")), names.toString());
  }

  @Test
  void everyJsonFileIsStrictJson() throws IOException {
    // The strict parser must itself reject what a lenient one takes, or this proves nothing.
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"a\": 1,}");
    assertThrows(Exception.class, () -> Lsp4ij.parseStrict(bad));
    try (Stream<Path> files = Files.list(TEMPLATE)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        assertTrue(Lsp4ij.parseStrict(f).isJsonObject(), f + " is a JSON object");
      }
    }
  }

  @Test
  void templateJsonHasIdNameCommandsAndYamlMappings() throws IOException {
    JsonObject t = json("template.json");
    assertKeysWithin(t, Lsp4ij.TEMPLATE_KEYS, "template.json");
    assertEquals("meshprobe", t.get("id").getAsString());
    assertEquals("Meshprobe", t.get("name").getAsString());

    JsonObject args = t.getAsJsonObject("programArgs");
    assertKeysWithin(args, Lsp4ij.OS_KEYS, "programArgs");
    assertTrue(args.has("default") && args.has("windows"), "programArgs for default and windows: " + args);
    for (Map.Entry<String, JsonElement> e : args.entrySet()) {
      List<String> argv = Lsp4ij.createCommands(Lsp4ij.expandMacros(e.getValue().getAsString(), Map.of("USER_HOME", "/home/some one")));
      // The jar path stays one argument even with a space in the home directory: the quotes matter.
      assertEquals(List.of("-jar", "/home/some one/" + JAR_IN_HOME, "--stdio"), argv.subList(argv.size() - 3, argv.size()), e.getKey());
      assertTrue(argv.get(0).equals("java") || argv.get(0).equals("java.exe"), argv.get(0));
      // The JVM flags: warnings and errors of the JVM on stderr (never stdout, the protocol's stream),
      // the class-data archive beside the jar, mapped when it fits and made by the server when it does
      // not, and the start-up flags (docs/performance.md).
      String archive = "/home/some one/" + ARCHIVE_IN_HOME;
      assertEquals(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
          "-Dmeshprobe.cds.archive=" + archive, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), argv.subList(1, argv.size() - 3), e.getKey());
    }

    JsonArray mappings = t.getAsJsonArray("fileTypeMappings");
    assertFalse(mappings.isEmpty());
    boolean yaml = false;
    for (JsonElement m : mappings) {
      JsonObject mapping = m.getAsJsonObject();
      assertKeysWithin(mapping, Lsp4ij.FILE_TYPE_MAPPING_KEYS, "fileTypeMappings[]");
      assertTrue(mapping.has("languageId"), "older LSP4IJ releases drop a mapping without languageId: " + mapping);
      JsonObject fileType = mapping.getAsJsonObject("fileType");
      assertKeysWithin(fileType, Lsp4ij.FILE_TYPE_KEYS, "fileType");
      List<String> patterns = new ArrayList<>();
      fileType.getAsJsonArray("patterns").forEach(p -> patterns.add(p.getAsString()));
      yaml |= mapping.get("languageId").getAsString().equals("yaml") && fileType.get("name").getAsString().equals("YAML")
          && patterns.containsAll(List.of("*.yaml", "*.yml"));
    }
    assertTrue(yaml, "YAML files (IntelliJ's YAML file type, *.yaml and *.yml) go to the server as languageId yaml: " + mappings);
  }

  @Test
  void settingsAreTheMeshprobeSectionAndMatchTheirSchema() throws IOException {
    JsonObject settings = json("settings.json");
    assertEquals(Set.of("meshprobe"), settings.keySet(), "workspace/configuration asks for section `meshprobe`");
    MiniSchema schema = new MiniSchema(json("settings.schema.json"));
    assertEquals(List.of(), schema.unsupportedKeywords());
    assertEquals(List.of(), schema.validate(settings));

    // The schema catches what a person gets wrong, so LSP4IJ's settings page can flag it.
    assertFalse(schema.validate(JsonParser.parseString("{\"meshprobe\": {\"mesh\": {\"mtls\": \"strict\"}}}")).isEmpty());
    assertFalse(schema.validate(JsonParser.parseString("{\"meshprobe\": {\"rules\": {\"probe-blocked-by-strict-mtl\": \"off\"}}}")).isEmpty());
    assertFalse(schema.validate(JsonParser.parseString("{\"meshprobe\": {\"istio\": {\"version\": \"2.0\"}}}")).isEmpty());
    assertFalse(schema.validate(JsonParser.parseString("{\"meshprobe\": {\"limits\": {\"maxDepth\": 0}}}")).isEmpty());
    assertEquals(List.of(), schema.validate(JsonParser.parseString("""
        {"meshprobe": {"istio": {"version": "1.22", "rootNamespace": "istio-system", "rewriteAppHTTPProbe": false},
          "mesh": {"mtls": "STRICT", "injection": "assume-not-injected"}, "defaultNamespace": "shop",
          "namespaces": {"payments": {"labels": {"istio-injection": "enabled"}}},
          "rules": {"probe-would-fail-under-strict-mtls": "off"},
          "ignore": [{"path": "charts/**"}, {"rule": "yaml-duplicate-key", "resource": "Deployment shop/legacy"}],
          "limits": {"maxFileSizeMB": 10, "maxAliases": 100, "maxDepth": 500}}}""")));
  }

  /**
   * What settings.json ships is "not set here" everywhere: an empty string, null or an empty object. A
   * value there would reach the server as the user's choice, credited to editor settings, and win over
   * every project's .meshprobe.yaml.
   */
  @Test
  void theShippedSettingsSetNothing() throws IOException {
    List<String> set = new ArrayList<>();
    collectSet(json("settings.json"), "", set);
    assertEquals(List.of(), set, "settings.json sets values the user never chose");
    assertTrue(json("settings.json").getAsJsonObject("meshprobe").has("diagnostics"), "diagnostics.scope is offered");
  }

  private static void collectSet(JsonElement e, String path, List<String> out) {
    if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        collectSet(m.getValue(), path.isEmpty() ? m.getKey() : path + "." + m.getKey(), out);
      }
    } else if (!e.isJsonNull() && !(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().isEmpty())) {
      out.add(path + " = " + e);
    }
  }

  @Test
  void theSchemaKnowsEveryRuleAndNoOther() throws IOException {
    Set<String> documented;
    try (Stream<Path> pages = Files.list(REPO.resolve("docs/rules"))) {
      documented = pages.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !n.equals("README.md"))
          .map(n -> n.substring(0, n.length() - 3)).collect(Collectors.toCollection(TreeSet::new));
    }
    JsonObject rules = json("settings.schema.json").getAsJsonObject("properties").getAsJsonObject("meshprobe")
        .getAsJsonObject("properties").getAsJsonObject("rules").getAsJsonObject("properties");
    assertEquals(documented, new TreeSet<>(rules.keySet()), "one rule page per rule id (docs/rules)");
  }

  @Test
  void installerChecksTheJarTheCommandStarts() throws IOException {
    JsonObject installer = json("installer.json");
    assertKeysWithin(installer, Lsp4ij.INSTALLER_KEYS, "installer.json");
    JsonObject check = installer.getAsJsonObject("check");
    assertEquals(1, check.size(), "a task is an object with one key, its type");
    assertTrue(Lsp4ij.TASK_TYPES.contains(check.keySet().iterator().next()), check.toString());
    JsonObject exec = check.getAsJsonObject("exec");
    assertKeysWithin(exec, Lsp4ij.EXEC_KEYS, "check.exec");
    JsonObject command = exec.getAsJsonObject("command");
    assertKeysWithin(command, Lsp4ij.OS_KEYS, "check.exec.command");
    JsonObject t = json("template.json");
    for (String os : List.of("default", "windows")) {
      List<String> check0 = new ArrayList<>();
      command.getAsJsonArray(os).forEach(a -> check0.add(a.getAsString()));
      List<String> start = Lsp4ij.createCommands(t.getAsJsonObject("programArgs").get(os).getAsString());
      List<String> javaAndJar = List.of(start.get(0), "-jar", start.get(start.indexOf("-jar") + 1));
      assertEquals(javaAndJar, check0.subList(0, 3), "the check runs the same java on the same jar (" + os + ")");
      assertEquals("--version", check0.get(3));
    }
  }

  @Test
  void readmeShowsTheCommandAndTheFolder() throws IOException {
    String readme = Files.readString(TEMPLATE.resolve("README.md"));
    String command = json("template.json").getAsJsonObject("programArgs").get("default").getAsString();
    assertTrue(readme.contains(command), "README shows the command the template sets: " + command);
    assertTrue(readme.contains("~/.lsp4ij/lsp/meshprobe"), "README says where the folder goes");
    assertTrue(readme.contains("Import from custom template"), "README names LSP4IJ's import item");
  }

  @Test
  void theZipHoldsTheTemplateAndTheJarInOneFolder() throws IOException {
    assertTrue(Files.isRegularFile(ZIP), "the build makes " + ZIP);
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        if (!e.isDirectory()) {
          entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
        }
      }
    }
    Set<String> expected = new TreeSet<>();
    try (Stream<Path> files = Files.list(TEMPLATE)) {
      for (Path f : files.toList()) {
        String name = "meshprobe/" + f.getFileName();
        expected.add(name);
        assertArrayEquals(Files.readAllBytes(f), entries.get(name), name + " as in the source");
      }
    }
    expected.add("meshprobe/meshprobe.jar");
    assertEquals(expected, entries.keySet());
    assertArrayEquals(Files.readAllBytes(REPO.resolve("server/target/meshprobe.jar")), entries.get("meshprobe/meshprobe.jar"),
        "the jar of this build");
  }
}
