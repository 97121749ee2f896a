package dev.meshprobe.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real third-party editor: headless Neovim (Debian's package, 0.7.2 here) starts the built jar with
 * its built-in LSP client ({@code vim.lsp.start_client}, {@code buf_attach_client}) on
 * examples/shop/web.yaml, and a Lua script (src/test/resources/nvim/meshprobe-it.lua) records what
 * Neovim received. Skipped when Neovim is missing, except under CI, where it must run
 * (scripts/install-test-deps.sh installs it).
 */
class NeovimIT {
  static final String SEED = "probe-blocked-by-strict-mtls";
  /** Neovim's vim.diagnostic.severity.ERROR. */
  static final int ERROR = 1;

  @TempDir Path tmp;

  @Test
  void neovimShowsTheSeedFindingAndTheHoverAndKeepsColumnsAcrossAnEmojiEdit() throws Exception {
    Path nvim = requireNvim();

    Path root = copyExamples();
    Path web = root.resolve("shop/web.yaml");
    String text = Files.readString(web);
    List<String> lines = Arrays.asList(text.split("\n", -1));
    int probeLine = lineContaining(lines, "livenessProbe:", 0);
    int probeCol = lines.get(probeLine).indexOf("livenessProbe");

    // The edit Neovim types: from the container's first line to the end of its last probe, one flow line.
    int first = lineContaining(lines, "- name: web", 0);
    int last = lineContaining(lines, "periodSeconds: 5", first) + 1;
    String indent = lines.get(first).substring(0, lines.get(first).indexOf('-'));
    String flow = indent + "- {name: \"😀web\", image: \"ghcr.io/example/shop-web:1.4.2\", ports: [{name: http, containerPort: 8080}], "
        + "livenessProbe: {httpGet: {path: /healthz, port: 8080}}, readinessProbe: {exec: {command: [/bin/true]}}}";

    Path result = tmp.resolve("result.json");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("cmd", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", StdioClientIT.JAR.toString(), "--stdio"));
    params.put("root", root.toString());
    params.put("file", web.toString());
    params.put("hover", Map.of("line", probeLine, "character", probeCol + 3));
    int pathLine = lineContaining(lines, "path: /healthz", probeLine);
    params.put("hover_inside", Map.of("line", pathLine, "character", lines.get(pathLine).indexOf("path") + 1));
    params.put("edit", Map.of("first", first, "last", last, "lines", List.of(flow)));
    params.put("insert", Map.of("after", "\"😀", "text", "🚀"));
    params.put("result", result.toString());
    params.put("timeout_ms", 10_000);
    Path paramsFile = Files.writeString(tmp.resolve("params.json"), new Gson().toJson(params));
    Path script = tmp.resolve("meshprobe-it.lua");
    try (InputStream in = NeovimIT.class.getResourceAsStream("/nvim/meshprobe-it.lua")) {
      Files.copy(in, script);
    }

    // The script quits Neovim itself; `cquit 3` only runs if the script failed before it could.
    ProcessBuilder pb = new ProcessBuilder(nvim.toString(), "--headless", "--clean", "-u", "NONE", "-c", "luafile " + script, "-c", "cquit 3")
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("nvim-output.txt").toFile());
    // Neovim's log, shada and state go to the test's folder, not the user's home.
    for (String xdg : List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")) {
      pb.environment().put(xdg, Files.createDirectories(tmp.resolve(xdg.toLowerCase())).toString());
    }
    pb.environment().put("MESHPROBE_NVIM_PARAMS", paramsFile.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(25, TimeUnit.SECONDS)) {
      // Never hang the build: kill Neovim and the server it started.
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("nvim did not finish in 25 s; output: " + Files.readString(tmp.resolve("nvim-output.txt")) + lspLog());
    }
    assertTrue(Files.exists(result), "the script wrote no result; nvim exit " + p.exitValue() + ", output: "
        + Files.readString(tmp.resolve("nvim-output.txt")) + lspLog());
    JsonObject r = JsonParser.parseString(Files.readString(result)).getAsJsonObject();
    String context = " in " + r + lspLog();
    assertTrue(r.get("ok").getAsBoolean(), "the Lua script failed" + context);

    JsonObject seed = seed(r.getAsJsonArray("initial"), null);
    assertTrue(seed != null, "Neovim holds the seed diagnostic" + context);
    assertEquals("meshprobe", seed.get("source").getAsString());
    assertEquals(ERROR, seed.get("severity").getAsInt());
    assertEquals(probeLine, seed.get("lnum").getAsInt(), "line of livenessProbe");
    assertEquals(probeCol, seed.get("col").getAsInt(), "column of livenessProbe");
    assertEquals(probeLine, seed.get("end_lnum").getAsInt());
    assertEquals(probeCol + "livenessProbe".length(), seed.get("end_col").getAsInt());

    List<String> hovers = new ArrayList<>();
    r.getAsJsonArray("hover").forEach(h -> hovers.add(h.getAsString()));
    assertEquals(1, hovers.size(), "one hover answer" + context);
    assertTrue(hovers.get(0).contains("STRICT") && hovers.get(0).contains("PeerAuthentication"), hovers.get(0));
    // As Neovim shows it: a float of at most 20 lines (80 columns, wrapped), locations as plain
    // path:line text, no raw file:// link.
    JsonArray floats = r.getAsJsonArray("hover_float");
    assertEquals(1, floats.size(), "Neovim opened one hover float" + context);
    JsonObject shown = floats.get(0).getAsJsonObject();
    String floatText = String.join("\n", new Gson().fromJson(shown.get("lines"), String[].class));
    assertTrue(shown.get("height").getAsInt() <= 20, "the hover float is " + shown.get("height") + " lines tall:\n" + floatText);
    assertFalse(floatText.contains("file://") || hovers.get(0).contains("file://"), "raw file:// link text:\n" + floatText);
    assertTrue(floatText.contains("cluster/mtls-strict.yaml:9"), "the deciding policy at its relative location:\n" + floatText);
    // Anywhere inside the probe's block, the same explanation.
    assertEquals(hovers.get(0), r.getAsJsonArray("hover_inside").get(0).getAsString(), "the hover on the probe's path line");

    // After the edit Neovim's columns are bytes; the emoji is 4 of them. The bytes the diagnostic covers
    // must still spell the key.
    assertCoversKey(r, "edited", first, context);
    // Then a character typed right after the emoji: Neovim sends a UTF-16 position past a surrogate pair.
    assertCoversKey(r, "inserted", first, context);

    // The quick fix: listed, resolved, applied by Neovim, and the next publish has no finding.
    assertEquals("Enable Istio probe rewrite for this pod", r.get("preferred").getAsString(), "the preferred quick fix" + context);
    assertTrue(r.get("fixed_wait").getAsBoolean(), "the diagnostic disappears after the fix is applied" + context);
    for (var d : r.getAsJsonArray("fixed")) {
      assertTrue(!d.getAsJsonObject().get("code").getAsString().equals("probe-blocked-by-strict-mtls"), "still reported: " + d);
    }
    JsonObject exit = r.getAsJsonObject("exit");
    assertTrue(exit != null && !exit.isJsonNull(), "the server exited when Neovim stopped the client" + context);
    assertEquals(0, exit.get("code").getAsInt(), "shutdown then exit gives exit code 0" + context);
  }

  /**
   * The README's snippet for Neovim 0.7 and later, as a user would paste it: opening a YAML file of the
   * examples starts the server with the repository as its root (so the policy in another folder counts)
   * and the seed finding arrives.
   */
  @Test
  void theReadmeSnippetAttachesYamlBuffersWithTheRepositoryAsRoot() throws Exception {
    Path nvim = requireNvim();
    String readme = Files.readString(StdioClientIT.REPO.resolve("README.md"));
    int marker = readme.indexOf("<!-- neovim-0.7-snippet");
    assertTrue(marker >= 0, "the README holds the Neovim 0.7 snippet");
    int start = readme.indexOf("```lua\n", marker) + "```lua\n".length();
    String snippet = readme.substring(start, readme.indexOf("```", start));
    Path root = copyExamples();
    Files.createDirectories(root.resolve(".git"));
    Path result = tmp.resolve("snippet-result.json");
    Path init = Files.writeString(tmp.resolve("init.lua"), snippet);
    String driver = """
        vim.g.meshprobe_jar = %s
        dofile(%s)
        vim.cmd('edit ' .. vim.fn.fnameescape(%s))
        local buf = vim.api.nvim_get_current_buf()
        local function seed()
          for _, d in ipairs(vim.diagnostic.get(buf)) do
            if d.code == 'probe-blocked-by-strict-mtls' then return true end
          end
          return false
        end
        local found = vim.wait(15000, seed, 50)
        local roots = {}
        for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(roots, c.config.root_dir) end
        vim.fn.writefile({ vim.fn.json_encode({ found = found, roots = roots }) }, %s)
        vim.cmd('qall!')
        """.formatted(lua(StdioClientIT.JAR.toString()), lua(init.toString()), lua(root.resolve("shop/web.yaml").toString()), lua(result.toString()));
    Path driverFile = Files.writeString(tmp.resolve("driver.lua"), driver);
    ProcessBuilder pb = new ProcessBuilder(nvim.toString(), "--headless", "--clean", "-u", "NONE", "-c", "luafile " + driverFile, "-c", "cquit 3")
        .directory(root.resolve("shop").toFile())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("snippet-output.txt").toFile());
    for (String xdg : List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")) {
      pb.environment().put(xdg, Files.createDirectories(tmp.resolve("snippet-" + xdg.toLowerCase())).toString());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("nvim did not finish in 30 s: " + Files.readString(tmp.resolve("snippet-output.txt")));
    }
    assertTrue(Files.exists(result), "the driver wrote no result: " + Files.readString(tmp.resolve("snippet-output.txt")) + lspLog());
    JsonObject r = JsonParser.parseString(Files.readString(result)).getAsJsonObject();
    assertEquals(List.of(root.toString()), new Gson().fromJson(r.get("roots"), List.class), "one client, rooted at the repository: " + r);
    assertTrue(r.get("found").getAsBoolean(), "the seed finding, decided by the policy in cluster/: " + r + lspLog());
  }

  /** A Lua string literal. */
  private static String lua(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The seed diagnostic after edit {@code step} covers the key's bytes on the edited line. */
  private static void assertCoversKey(JsonObject r, String step, int lineNo, String context) {
    JsonObject d = seed(r.getAsJsonArray(step), null);
    assertTrue(d != null, "the seed diagnostic follows Neovim's edit (" + step + ")" + context);
    assertEquals(lineNo, d.get("lnum").getAsInt());
    byte[] line = r.get(step + "_line").getAsString().getBytes(StandardCharsets.UTF_8);
    String covered = new String(Arrays.copyOfRange(line, d.get("col").getAsInt(), d.get("end_col").getAsInt()), StandardCharsets.UTF_8);
    assertEquals("livenessProbe", covered, "byte columns from the server's UTF-16 range (" + step + ")" + context);
  }

  private static JsonObject seed(JsonArray diagnostics, String fragment) {
    for (JsonElement e : diagnostics) {
      JsonObject d = e.getAsJsonObject();
      if (d.has("code") && SEED.equals(d.get("code").getAsString()) && (fragment == null || d.get("message").getAsString().contains(fragment))) {
        return d;
      }
    }
    return null;
  }

  private static int lineContaining(List<String> lines, String fragment, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no line with `" + fragment + "`");
  }

  /** Neovim, or the test is skipped; under CI it must be there. */
  static Path requireNvim() {
    Path nvim = findNvim();
    if (nvim == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("nvim is not installed; CI must run this test (scripts/install-test-deps.sh installs Debian's neovim)");
      }
      assumeTrue(false, "nvim is not installed (bash scripts/install-test-deps.sh); skipped outside CI");
    }
    return nvim;
  }

  /** $MESHPROBE_NVIM when set (missing if not executable), else Debian's /usr/bin/nvim, else the first nvim on PATH. */
  static Path findNvim() {
    String chosen = System.getenv("MESHPROBE_NVIM");
    if (chosen != null && !chosen.isBlank()) {
      return Files.isExecutable(Path.of(chosen)) ? Path.of(chosen) : null;
    }
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/nvim")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "nvim"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  private String lspLog() {
    // Neovim's LSP log (the server's stderr lands there) helps when a run fails.
    try (Stream<Path> files = Files.walk(tmp)) {
      StringBuilder out = new StringBuilder();
      for (Path f : files.filter(f -> f.getFileName().toString().equals("lsp.log")).toList()) {
        out.append("\n--- ").append(f).append('\n').append(Files.readString(f));
      }
      return out.toString();
    } catch (IOException e) {
      return "";
    }
  }

  private Path copyExamples() throws IOException {
    Path src = StdioClientIT.REPO.resolve("examples");
    Path dst = tmp.resolve("examples");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.toList()) {
        Path to = dst.resolve(src.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return dst.toRealPath();
  }
}
