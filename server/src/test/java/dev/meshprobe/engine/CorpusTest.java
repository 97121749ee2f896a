package dev.meshprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.MessageShape;
import dev.meshprobe.text.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lints every file of the shared corpus of real manifests and compares the findings per file and rule
 * with the committed summary, so that any change in behaviour shows up in review. Run with
 * {@code -Dmeshprobe.updateCorpusSummary=true} to rewrite the summary after an intended change.
 *
 * <p>Each source folder is one workspace, linted as a user would lint a checkout of the repository: its
 * {@code testdata} folders (Go test inputs) are not part of it. Each of those is then linted as its own
 * workspace, as a user who runs {@code meshprobe check path/to/testdata} would, so every file of the
 * corpus is linted exactly once.
 */
class CorpusTest {
  private static final Path REPO = Path.of(System.getProperty("meshprobe.repo", "..")).toAbsolutePath().normalize();
  private static final Path CORPUS = REPO.resolve("../shared/corpus").normalize();
  private static final Path SUMMARY = REPO.resolve("server/src/test/resources/corpus-summary.tsv");
  private static final List<String> PROBE_RULES = List.of("probe-blocked-by-strict-mtls", "probe-would-fail-under-strict-mtls",
      "tcp-probe-always-succeeds", "probe-host-breaks-rewrite", "probe-port-unresolved");

  /** The outermost folders named testdata below {@code source}, which a walk of {@code source} leaves out. */
  private static List<Path> testdataFolders(Path source) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(source)) {
      walk.filter(Files::isDirectory).filter(d -> d.getFileName().toString().equals("testdata")).sorted().forEach(d -> {
        Path rel = source.relativize(d);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
          if (rel.getName(i).toString().equals("testdata")) {
            return;
          }
        }
        out.add(d);
      });
    }
    return out;
  }

  @Test
  void lintsEveryFileWithoutAnErrorAndMatchesTheCommittedSummary() throws IOException {
    assumeTrue(Files.isDirectory(CORPUS), "the shared corpus is not beside the repository");
    List<String> errors = new ArrayList<>();
    Log failing = new Log() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message, Throwable error) {
        errors.add(message + ": " + error);
      }
    };
    Map<String, Integer> perFileRule = new TreeMap<>();
    Map<String, Integer> perRule = new TreeMap<>();
    List<Path> sources;
    try (Stream<Path> s = Files.list(CORPUS)) {
      sources = s.filter(Files::isDirectory).sorted().toList();
    }
    List<Path> workspaces = new ArrayList<>();
    for (Path source : sources) {
      workspaces.add(source);
      workspaces.addAll(testdataFolders(source));
    }
    int files = 0;
    List<String> badMessages = new ArrayList<>();
    for (Path root : workspaces) {
      Workspace ws = new Workspace(List.of(root), failing);
      ws.indexFolders();
      // Every chart and kustomization rendered by the real tools, as the command line does (DESIGN §9).
      ws.contexts().renderAll(Runtime.getRuntime().availableProcessors());
      java.util.Set<Path> linted = new java.util.TreeSet<>(ws.files());
      linted.addAll(ws.contexts().filesWithFindings());
      for (Path p : linted) {
        files++;
        SourceText text = ws.file(p) != null ? ws.file(p).source() : new SourceText(Files.readString(p));
        for (Finding f : ws.lint(p)) {
          assertTrue(f.where().start() >= 0 && f.where().start() <= f.where().end(), f.toString());
          if (text != null) {
            assertTrue(f.where().end() <= text.length(), f.toString());
            if (PROBE_RULES.contains(f.rule())) {
              assertTrue(text.text().startsWith(f.subject().probe(), f.where().start()), "anchor of " + f);
            }
          }
          String shape = MessageShape.problem(f);
          if (shape != null) {
            badMessages.add(CORPUS.relativize(p) + ": " + f.rule() + ": " + shape + ": " + f.message());
          }
          perFileRule.merge(CORPUS.relativize(p) + "\t" + f.rule() + "\t" + f.severity().id(), 1, Integer::sum);
          perRule.merge(f.rule(), 1, Integer::sum);
        }
      }
    }
    assertEquals(List.of(), errors, "rules failed on the corpus");
    assertEquals(List.of(), badMessages, "messages of DESIGN 2's shape (short, plain, reason first)");
    assertTrue(workspaces.size() > sources.size(), "the corpus has testdata folders, linted on their own");
    assertTrue(files > 300, "expected the whole corpus, linted " + files);
    StringBuilder summary = new StringBuilder("# Findings on ../shared/corpus, per rule, then per file, rule and severity.\n");
    summary.append("# files\t").append(files).append('\n');
    perRule.forEach((rule, n) -> summary.append("# ").append(rule).append('\t').append(n).append('\n'));
    perFileRule.forEach((key, n) -> summary.append(key).append('\t').append(n).append('\n'));
    String actual = summary.toString();
    if (Boolean.getBoolean("meshprobe.updateCorpusSummary") || !Files.exists(SUMMARY)) {
      Files.createDirectories(SUMMARY.getParent());
      Files.writeString(SUMMARY, actual);
      return;
    }
    String expected = Files.readString(SUMMARY);
    if (!expected.equals(actual)) {
      Path out = REPO.resolve("server/target/corpus-summary.actual.tsv");
      Files.writeString(out, actual);
      List<String> exp = expected.lines().toList();
      List<String> act = actual.lines().toList();
      StringBuilder diff = new StringBuilder("corpus findings changed (actual in " + out + "):\n");
      exp.stream().filter(l -> !act.contains(l)).limit(40).forEach(l -> diff.append("- ").append(l).append('\n'));
      act.stream().filter(l -> !exp.contains(l)).limit(40).forEach(l -> diff.append("+ ").append(l).append('\n'));
      fail(diff.toString());
    }
  }
}
