// Finding a Java runtime for the server: where to look, how to read `java -version`, and what to tell
// the user when nothing fits. No `vscode` import here: the extension injects settings and a process
// runner, so all of it runs under `node --test`.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The server is built for Java 17 (DESIGN §6: the parent pom targets Java 17). */
export const MIN_JAVA_MAJOR = 17;

export interface JavaVersion {
  /** Feature release: 8 for `1.8.0_292`, 17 for `17.0.15`, 21 for `21-ea`. */
  major: number;
  /** The version string as the runtime printed it. */
  text: string;
}

/**
 * Reads the version out of `java -version` output (stderr). Handles the old `1.x` scheme, JEP 223
 * versions, bare feature releases (`25`) and early-access builds (`21-ea`). Lines such as
 * "Picked up JAVA_TOOL_OPTIONS" that runtimes print first are skipped.
 */
export function parseJavaVersion(output: string): JavaVersion | undefined {
  const quoted = /\bversion\s+"([^"]+)"/.exec(output);
  // `java --version` prints `openjdk 21.0.2 2024-01-16` without quotes.
  const bare = quoted ? undefined : /^(?:openjdk|java)\s+(\d[^\s]*)/m.exec(output);
  const text = (quoted ?? bare)?.[1];
  if (!text) {
    return undefined;
  }
  const legacy = /^1\.(\d+)/.exec(text);
  const modern = /^(\d+)/.exec(text);
  const major = legacy ? Number(legacy[1]) : modern ? Number(modern[1]) : NaN;
  return Number.isFinite(major) && major > 0 ? { major, text } : undefined;
}

export type JavaSource = 'setting' | 'JDK_HOME' | 'JAVA_HOME' | 'PATH';

export interface JavaCandidate {
  source: JavaSource;
  /** The Java home the executable came from; absent for a `java` found on the PATH. */
  home?: string;
  executable: string;
}

export interface CandidateInputs {
  /** `meshprobe.java.home`, already filtered for workspace trust (see `restrictedSetting`). */
  settingHome?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir?: string;
  isFile?: (file: string) => boolean;
}

function javaExecutableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'java.exe' : 'java';
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Trims, drops surrounding quotes (often copied into settings along with the path) and expands `~`. */
export function normalizeHome(value: string | undefined, homedir: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let home = value.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1').trim();
  if (home === '') {
    return undefined;
  }
  if (home === '~' || home.startsWith('~/') || home.startsWith('~\\')) {
    home = homedir + home.slice(1);
  }
  return home;
}

export function javaInHome(home: string, platform: NodeJS.Platform): string {
  return pathApi(platform).join(home, 'bin', javaExecutableName(platform));
}

function defaultIsFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Where to look, in order: the setting, JDK_HOME, JAVA_HOME, then each `java` on the PATH. When the
 * setting is present it is the only candidate: a path the user chose is reported, not silently skipped.
 */
export function javaCandidates(inputs: CandidateInputs): JavaCandidate[] {
  const { env, platform } = inputs;
  const homedir = inputs.homedir ?? os.homedir();
  const isFile = inputs.isFile ?? defaultIsFile;
  const setting = normalizeHome(inputs.settingHome, homedir);
  if (setting !== undefined) {
    return [{ source: 'setting', home: setting, executable: javaInHome(setting, platform) }];
  }
  const candidates: JavaCandidate[] = [];
  for (const source of ['JDK_HOME', 'JAVA_HOME'] as const) {
    const home = normalizeHome(env[source], homedir);
    if (home !== undefined) {
      candidates.push({ source, home, executable: javaInHome(home, platform) });
    }
  }
  const pathValue = env.PATH ?? env.Path ?? '';
  const separator = platform === 'win32' ? ';' : ':';
  const seen = new Set(candidates.map((c) => c.executable));
  for (const dir of pathValue.split(separator)) {
    const trimmed = dir.trim().replace(/^"(.*)"$/, '$1');
    if (trimmed === '') {
      continue;
    }
    const executable = pathApi(platform).join(trimmed, javaExecutableName(platform));
    if (!seen.has(executable) && isFile(executable)) {
      seen.add(executable);
      candidates.push({ source: 'PATH', executable });
    }
  }
  return candidates;
}

export interface ProbedJava {
  candidate: JavaCandidate;
  version?: JavaVersion;
  /** Why this candidate could not be used, in plain words. */
  problem?: string;
}

export type JavaSearch =
  | { ok: true; candidate: JavaCandidate; version: JavaVersion; tried: ProbedJava[] }
  | { ok: false; reason: 'setting-invalid' | 'too-old' | 'not-found'; message: string; tried: ProbedJava[] };

/** Runs `<java> -version` and returns what it printed (stderr and stdout); rejects when it cannot run. */
export type JavaVersionRunner = (executable: string) => Promise<string>;

export const runJavaVersion: JavaVersionRunner = (executable) =>
  new Promise((resolve, reject) => {
    execFile(executable, ['-version'], { timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
      const output = `${stderr}\n${stdout}`;
      if (error && !parseJavaVersion(output)) {
        reject(error);
      } else {
        resolve(output);
      }
    });
  });

function describeCandidate(candidate: JavaCandidate): string {
  switch (candidate.source) {
    case 'setting':
      return `meshprobe.java.home (${candidate.home})`;
    case 'PATH':
      return `${candidate.executable} (on the PATH)`;
    default:
      return `${candidate.source}=${candidate.home}`;
  }
}

async function probe(candidate: JavaCandidate, run: JavaVersionRunner, isFile: (f: string) => boolean): Promise<ProbedJava> {
  if (candidate.source !== 'PATH' && !isFile(candidate.executable)) {
    return { candidate, problem: `${describeCandidate(candidate)} has no ${path.basename(candidate.executable)} in its bin folder` };
  }
  let output: string;
  try {
    output = await run(candidate.executable);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { candidate, problem: `${describeCandidate(candidate)} could not be run: ${detail}` };
  }
  const version = parseJavaVersion(output);
  if (!version) {
    return { candidate, problem: `${describeCandidate(candidate)} did not report a version Meshprobe could read` };
  }
  if (version.major < MIN_JAVA_MAJOR) {
    return { candidate, version, problem: `${describeCandidate(candidate)} is Java ${version.text}` };
  }
  return { candidate, version };
}

const INSTALL_HINT = 'Install a JDK 17 or newer (for example Eclipse Temurin from adoptium.net)';

/** Probes the candidates in order and takes the first Java 17+; explains in plain words when none fits. */
export async function findJava(
  candidates: JavaCandidate[],
  run: JavaVersionRunner = runJavaVersion,
  isFile: (f: string) => boolean = defaultIsFile,
): Promise<JavaSearch> {
  const tried: ProbedJava[] = [];
  for (const candidate of candidates) {
    const probed = await probe(candidate, run, isFile);
    tried.push(probed);
    if (probed.version && !probed.problem) {
      return { ok: true, candidate, version: probed.version, tried };
    }
  }
  const first = tried[0];
  if (first?.candidate.source === 'setting') {
    return {
      ok: false,
      reason: 'setting-invalid',
      tried,
      message:
        `Meshprobe needs Java ${MIN_JAVA_MAJOR} or newer to run its server, but ${first.problem}. ` +
        `Point meshprobe.java.home at a JDK ${MIN_JAVA_MAJOR}+ folder (the one containing bin/java), or clear it to use JAVA_HOME or the PATH.`,
    };
  }
  const tooOld = tried.filter((t) => t.version);
  if (tooOld.length > 0) {
    return {
      ok: false,
      reason: 'too-old',
      tried,
      message:
        `Meshprobe needs Java ${MIN_JAVA_MAJOR} or newer to run its server; found only ${tooOld.map((t) => t.problem).join('; ')}. ` +
        `${INSTALL_HINT} and set meshprobe.java.home to its folder.`,
    };
  }
  const problems = tried.map((t) => t.problem).filter(Boolean);
  return {
    ok: false,
    reason: 'not-found',
    tried,
    message:
      `Meshprobe needs Java ${MIN_JAVA_MAJOR} or newer to run its server, and none was found ` +
      `(looked at meshprobe.java.home, JDK_HOME, JAVA_HOME and the PATH${problems.length ? `: ${problems.join('; ')}` : ''}). ` +
      `${INSTALL_HINT}, then set meshprobe.java.home to its folder or restart VS Code.`,
  };
}
