package dev.meshprobe.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code .pre-commit-hooks.yaml} run by the real pre-commit (Debian's package) in a
 * temporary git repository holding the examples, with the unpacked distribution's {@code bin/} on
 * the PATH as the README installs it: the hook judges the staged files in the repository's context.
 */
class PreCommitHookIT {
  @TempDir Path scratch;
  private Path hooks;
  private Path repo;
  private Map<String, String> env;

  @BeforeEach
  void repositories() throws IOException {
    Installed.require("pre-commit", "pre-commit");
    Installed.require("git", "git");
    env = Installed.baseEnvironment(scratch);
    env.put("PATH", Installed.home().resolve("bin") + ":" + env.get("PATH"));
    env.put("PRE_COMMIT_HOME", scratch.resolve("pre-commit-cache").toString());
    for (String who : List.of("AUTHOR", "COMMITTER")) {
      env.put("GIT_" + who + "_NAME", "Meshprobe test");
      env.put("GIT_" + who + "_EMAIL", "test@meshprobe.invalid");
    }
    // The hook repository holds the file under test, unchanged.
    hooks = Files.createDirectories(scratch.resolve("hooks"));
    Files.copy(Installed.REPO.resolve(".pre-commit-hooks.yaml"), hooks.resolve(".pre-commit-hooks.yaml"));
    git(hooks, "init", "-q");
    git(hooks, "add", ".");
    git(hooks, "commit", "-q", "-m", "hooks");
    // The user's repository: the examples, the cluster-wide files committed, the shop not yet.
    repo = Files.createDirectories(scratch.resolve("manifests"));
    for (String f : List.of("cluster/namespaces.yaml", "cluster/mtls-strict.yaml", "shop/cart.yaml", "shop/payments.yaml", "shop/web.yaml")) {
      Path target = repo.resolve(f);
      Files.createDirectories(target.getParent());
      Files.copy(Installed.REPO.resolve("examples").resolve(f), target);
    }
    git(repo, "init", "-q");
    git(repo, "add", "cluster", "shop/cart.yaml", "shop/payments.yaml");
    git(repo, "commit", "-q", "-m", "cluster and safe workloads");
  }

  private Installed.Result tryRepo() throws IOException {
    return Installed.run(List.of("pre-commit", "try-repo", hooks.toString(), "meshprobe"), repo, env);
  }

  private void git(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Installed.Result r = Installed.run(command, dir, env);
    assertEquals(0, r.code(), String.join(" ", command) + "\n" + r.both());
  }

  @Test
  void aStagedWorkloadIsJudgedWithThePolicyInAnotherFile() throws IOException {
    git(repo, "add", "shop/web.yaml");
    Installed.Result r = tryRepo();
    assertEquals(1, r.code(), r.both());
    assertTrue(r.out().contains("probe-blocked-by-strict-mtls"), r.both());
    assertTrue(r.out().contains("shop/web.yaml:" + seedLine() + ":"), r.both());
    assertTrue(r.out().contains("Failed"), "pre-commit marks the hook failed: " + r.out());
  }

  @Test
  void anUnrelatedStagedFileDoesNotReportOldFindingsElsewhere() throws IOException {
    git(repo, "add", "shop/web.yaml");
    git(repo, "commit", "-q", "--no-verify", "-m", "the seed, committed before the hook");
    Files.writeString(repo.resolve("shop/cart.yaml"), "# the cart service\n" + Files.readString(repo.resolve("shop/cart.yaml")));
    git(repo, "add", "shop/cart.yaml");
    Installed.Result r = tryRepo();
    assertEquals(0, r.code(), r.both());
    assertFalse(r.out().contains("probe-blocked-by-strict-mtls"), r.both());
    assertTrue(r.out().contains("Passed"), r.both());
  }

  @Test
  void aStagedPolicyReportsTheProbesItBreaksInOtherFiles() throws IOException {
    git(repo, "add", "shop/web.yaml");
    git(repo, "commit", "-q", "--no-verify", "-m", "the seed, committed before the hook");
    Path policy = repo.resolve("cluster/mtls-strict.yaml");
    Files.writeString(policy, "# mesh-wide STRICT from today\n" + Files.readString(policy));
    git(repo, "add", "cluster/mtls-strict.yaml");
    Installed.Result r = tryRepo();
    assertEquals(1, r.code(), r.both());
    assertTrue(r.out().contains("shop/web.yaml:" + (seedLine()) + ":"), "the policy decides the probe in shop/web.yaml: " + r.both());
  }

  @Test
  void anInstalledHookRefusesTheCommit() throws IOException {
    String head = Installed.run(List.of("git", "rev-parse", "HEAD"), hooks, env).out().trim();
    Files.writeString(repo.resolve(".pre-commit-config.yaml"), "repos:\n  - repo: " + hooks + "\n    rev: " + head + "\n    hooks:\n      - id: meshprobe\n");
    Installed.Result install = Installed.run(List.of("pre-commit", "install"), repo, env);
    assertEquals(0, install.code(), install.both());
    git(repo, "add", ".pre-commit-config.yaml", "shop/web.yaml");
    Installed.Result commit = Installed.run(List.of("git", "commit", "-m", "add the web shop"), repo, env);
    assertEquals(1, commit.code(), commit.both());
    assertTrue(commit.err().contains("probe-blocked-by-strict-mtls"), "git shows the hook's output: " + commit.both());
    Installed.Result log = Installed.run(List.of("git", "log", "--oneline"), repo, env);
    assertEquals(1, log.out().lines().count(), "the commit was refused: " + log.out());
  }

  private int seedLine() throws IOException {
    String at = Installed.seedLocation();
    return Integer.parseInt(at.substring("examples/shop/web.yaml:".length(), at.length() - 1));
  }
}
