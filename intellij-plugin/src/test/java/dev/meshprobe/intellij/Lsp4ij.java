package dev.meshprobe.intellij;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What LSP4IJ does with a user-defined language server template, written down from its documentation
 * and source (github.com/redhat-developer/lsp4ij, read for this test in 2025):
 *
 * <ul>
 *   <li>docs/UserDefinedLanguageServerTemplate.md and docs/UserDefinedLanguageServer.md: the files of
 *       a template folder, {@code template.json} with {@code id}, {@code name}, {@code programArgs}
 *       ({@code default}, {@code windows}) and {@code fileTypeMappings} ({@code fileType.name},
 *       {@code fileType.patterns}, {@code languageId}); {@code installer.json} with {@code check} and
 *       {@code run} tasks ({@code exec}, {@code download}, {@code configureServer}); a
 *       {@code README.md} shown from the help icon; IntelliJ's built-in macros such as
 *       {@code $USER_HOME$} in the command.</li>
 *   <li>src/main/java/com/redhat/devtools/lsp4ij/launching/templates/LanguageServerTemplateManager.java
 *       ({@code createLsTemplate}): the file names it reads; any other file is ignored.</li>
 *   <li>.../templates/ServerTemplate.java, ServerTemplateJsonDeserializer.java and
 *       .../launching/templates/LanguageServerTemplateDeserializer.java: the keys of
 *       {@code template.json}; the OS keys {@code windows}, {@code mac}, {@code unix} with
 *       {@code default} as fallback. Older releases (LanguageServerTemplateDeserializer before the
 *       ServerTemplate refactoring) require {@code programArgs.default} and drop a file mapping that
 *       has no {@code languageId}.</li>
 *   <li>.../server/definition/launching/UserDefinedLanguageServerDefinition.java and CommandUtils.java:
 *       the command line is expanded with {@code ProgramParametersUtil.expandPathAndMacros}
 *       (IntelliJ path macros) and then split by {@code createCommands}: on spaces, with double quotes
 *       grouping (and removed).</li>
 *   <li>.../client/SettingsHelper (tested by SettingsHelperTest): {@code workspace/configuration} for
 *       section {@code meshprobe} answers the object under the key {@code meshprobe} of settings.json.</li>
 *   <li>.../installation/definition/InstallerTaskRegistry.java, InstallerTaskFactoryBase.java,
 *       tasks/ExecTaskFactory.java and ExecTask.java: installer keys; an exec {@code command} is a
 *       string or an array, or an object of those by OS; each argument is macro-expanded; the check
 *       passes on exit code 0 with nothing on standard error.</li>
 * </ul>
 */
final class Lsp4ij {
  private Lsp4ij() {}

  /** File names LanguageServerTemplateManager.createLsTemplate reads. */
  static final Set<String> TEMPLATE_FILES = Set.of("template.json", "settings.json", "settings.schema.json",
      "initializationOptions.json", "experimental.json", "clientSettings.json", "installer.json", "README.md");

  /** Keys of template.json that the deserializers read. */
  static final Set<String> TEMPLATE_KEYS = Set.of("id", "name", "url", "dev", "programArgs", "env", "workingDir",
      "fileTypeMappings", "languageMappings", "expandConfiguration", "disablePromotionFor");

  /** ServerTemplate: OS keys of programArgs ({@code default} is the fallback). */
  static final Set<String> OS_KEYS = Set.of("default", "windows", "mac", "unix");

  static final Set<String> FILE_TYPE_MAPPING_KEYS = Set.of("fileType", "languageId");
  static final Set<String> FILE_TYPE_KEYS = Set.of("name", "patterns");

  /** InstallerTaskRegistry.loadInstaller; {@code id} appears in the documented examples. */
  static final Set<String> INSTALLER_KEYS = Set.of("id", "name", "executeOnStartServer", "properties", "check", "run");
  /** Tasks LSP4IJ provides. */
  static final Set<String> TASK_TYPES = Set.of("exec", "download", "configureServer");
  /** InstallerTaskFactoryBase plus ExecTaskFactory/ExecTask. */
  static final Set<String> EXEC_KEYS = Set.of("id", "name", "onFail", "onSuccess", "command", "timeout", "workingDir", "ignoreStderr");

  /** The key ServerTemplate picks for this OS, as LSP4IJ's OS_KEY does. */
  static String osKey() {
    String os = System.getProperty("os.name").toLowerCase();
    return os.contains("win") ? "windows" : os.contains("mac") ? "mac" : "unix";
  }

  /** ServerTemplate.getOSProgramArgs: the OS's own entry, else {@code default}. */
  static String programArgs(JsonObject template, String osKey) {
    JsonObject args = template.getAsJsonObject("programArgs");
    return args.has(osKey) ? args.get(osKey).getAsString() : args.get("default").getAsString();
  }

  private static final Pattern MACRO = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\$");

  /**
   * IntelliJ's path-macro expansion for the macros given (values in IntelliJ's system-independent form,
   * forward slashes); a macro not given is an error, since the IDE might not know it either.
   */
  static String expandMacros(String s, Map<String, String> macros) {
    Matcher m = MACRO.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = macros.get(m.group(1));
      if (value == null) {
        throw new AssertionError("macro $" + m.group(1) + "$ is not one this test knows IntelliJ expands: " + s);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.replace('\\', '/')));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** CommandUtils.createCommands: split on spaces; a double quote toggles grouping and is dropped. */
  static List<String> createCommands(String commandLine) {
    List<String> commands = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < commandLine.length(); i++) {
      char c = commandLine.charAt(i);
      if (c == '"') {
        inString = !inString;
      } else if (c == ' ' && !inString) {
        add(part, commands);
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    add(part, commands);
    return commands;
  }

  private static void add(StringBuilder part, List<String> commands) {
    String arg = part.toString().trim();
    if (!arg.isEmpty()) {
      commands.add(arg);
    }
  }

  /** SettingsHelper.findSettings for a nested settings object: walk the dotted section. */
  static JsonElement findSettings(String section, JsonObject settings) {
    JsonElement current = settings;
    for (String key : section.split("\\.")) {
      if (!current.isJsonObject() || !current.getAsJsonObject().has(key)) {
        return null;
      }
      current = current.getAsJsonObject().get(key);
    }
    return current;
  }

  /** Parses strictly (LSP4IJ's Gson is lenient; a person's editor and other tools are not). */
  static JsonElement parseStrict(Path file) throws IOException {
    JsonReader reader = new JsonReader(new StringReader(Files.readString(file)));
    reader.setStrictness(Strictness.STRICT);
    JsonElement e = JsonParser.parseReader(reader);
    if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
      throw new AssertionError(file + " has text after its JSON value");
    }
    return e;
  }
}
