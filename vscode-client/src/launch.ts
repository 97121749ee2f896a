// The command line that starts the server: `java [flags] [vmargs] -jar meshprobe.jar --stdio`. No
// `vscode` import here.
import { createHash } from 'node:crypto';
import * as path from 'node:path';

export interface ServerLaunch {
  command: string;
  args: string[];
}

export interface LaunchInputs {
  javaExecutable: string;
  jarPath: string;
  /** `meshprobe.server.vmargs`, as typed by the user. */
  vmargs?: string;
  /**
   * The server's class-data archive for this Java (see `cdsArchivePath`): the server is told where to
   * keep it, and the JVM maps it once it exists.
   */
  cdsArchive?: { path: string; exists: boolean };
  /**
   * The workspace holds at least `LARGE_WORKSPACE_MANIFESTS` manifests: the server keeps the optimising
   * compiler, because its first index of every file then outweighs its start and first keystrokes.
   */
  largeWorkspace?: boolean;
}

export interface BuiltLaunch {
  launch: ServerLaunch;
  /** VM arguments that were dropped, and why. */
  warnings: string[];
}

/**
 * Splits VM arguments the way a shell would for the simple cases people type into a setting:
 * whitespace separates, single and double quotes group (`-Dname="a b"` is one argument), and a
 * backslash escapes a quote, a backslash or a space; other backslashes stay, so `C:\jdk` survives.
 */
export function splitVmArgs(input: string | undefined): string[] {
  const args: string[] = [];
  if (!input) {
    return args;
  }
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quote) {
      if (ch === quote) {
        quote = undefined;
      } else if (ch === '\\' && quote === '"' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
        current += input[++i];
      } else {
        current += ch;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inArg = true;
    } else if (ch === '\\' && /["'\\\s]/.test(input[i + 1] ?? '')) {
      current += input[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) {
        args.push(current);
        current = '';
        inArg = false;
      }
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (inArg) {
    args.push(current);
  }
  return args;
}

/**
 * The JVM prints unified-logging warnings and errors (e.g. about CDS or container limits) on stdout by
 * default, which would corrupt the LSP stream; send them to stderr, which ends up in the output
 * channel. Always first: a user's own `-Xlog` comes later and adds to this, and a bare `-Xlog:gc`
 * (which writes to stdout) is the user's own choice. JDK 24 and newer print an error on stdout when
 * the archive named by `-XX:SharedArchiveFile` is missing or was made by another JVM; JDK 17 is silent.
 */
const STDERR_LOGGING = ['-Xlog:disable', '-Xlog:all=warning:stderr'];

/**
 * Built-in JVM flags for a faster start, before the user's `meshprobe.server.vmargs` (a later flag
 * wins, so the user can turn any of them back). Measured in docs/performance.md.
 */
export const STARTUP_FLAGS: readonly string[] = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/**
 * From this many YAML files in the workspace the server is started with the optimising (C2) compiler
 * as well: C1 alone starts and answers keystrokes sooner, but reads a workspace's files about half as
 * fast (10,000 files: 17.5 s with C1, 9.9 s with C2 on the 2-core benchmark machine).
 */
export const LARGE_WORKSPACE_MANIFESTS = 2000;

/** The built-in flags for a workspace of this size. */
export function startupFlags(largeWorkspace: boolean): readonly string[] {
  return largeWorkspace ? STARTUP_FLAGS.filter((f) => !f.startsWith('-XX:TieredStopAtLevel=')) : STARTUP_FLAGS;
}

/** The system property that tells the server where to keep its class-data archive. */
export const CDS_PROPERTY = 'meshprobe.cds.archive';

/** True when the user's VM arguments choose class-data sharing themselves; the extension then stays out. */
function userChoosesSharing(vmargs: string[]): boolean {
  return vmargs.some((a) => a.startsWith('-Xshare:') || a.startsWith('-XX:SharedArchiveFile=') || a.startsWith(`-D${CDS_PROPERTY}=`));
}

/** Arguments that would replace the program or its protocol rather than tune the VM. */
const PROGRAM_ARGS = new Set(['-jar', '-cp', '-classpath', '--class-path', '-m', '--module', '--stdio']);

export function buildServerLaunch(inputs: LaunchInputs): BuiltLaunch {
  const warnings: string[] = [];
  const vmargs: string[] = [];
  const given = splitVmArgs(inputs.vmargs);
  for (let i = 0; i < given.length; i++) {
    const arg = given[i];
    if (PROGRAM_ARGS.has(arg)) {
      const skipped = arg === '--stdio' ? [arg] : [arg, given[i + 1]].filter((a) => a !== undefined);
      warnings.push(`meshprobe.server.vmargs: ignored "${skipped.join(' ')}": the extension starts the bundled server itself.`);
      i += skipped.length - 1;
      continue;
    }
    vmargs.push(arg);
  }
  const sharing: string[] = [];
  if (inputs.cdsArchive && !userChoosesSharing(vmargs)) {
    // -Xshare:auto: a stale or foreign archive is skipped, never fatal (-Xshare:on would stop the JVM).
    if (inputs.cdsArchive.exists) {
      sharing.push(`-XX:SharedArchiveFile=${inputs.cdsArchive.path}`, '-Xshare:auto');
    }
    sharing.push(`-D${CDS_PROPERTY}=${inputs.cdsArchive.path}`);
  }
  return {
    launch: {
      command: inputs.javaExecutable,
      args: [...STDERR_LOGGING, ...sharing, ...startupFlags(inputs.largeWorkspace === true), ...vmargs, '-jar', inputs.jarPath, '--stdio'],
    },
    warnings,
  };
}

/**
 * Where the class-data archive for one Java lives: in the extension's storage folder, one file per
 * extension version and Java (its executable and the version it printed), so that switching Java or
 * updating it never maps an archive another JVM made (the JVM would skip it, and start without any).
 */
export function cdsArchivePath(storageDir: string, extensionVersion: string, javaExecutable: string, javaVersionOutput: string): string {
  const key = createHash('sha256').update(`${javaExecutable}\0${javaVersionOutput.trim()}`).digest('hex').slice(0, 12);
  return path.join(storageDir, `meshprobe-${extensionVersion}-${key}.jsa`);
}

/** Files in the storage folder left by other extension versions' archives (and their stamps, logs, locks). */
export function staleCdsFiles(names: string[], extensionVersion: string): string[] {
  const current = `meshprobe-${extensionVersion}-`;
  return names.filter((n) => /^meshprobe-.+-[0-9a-f]{12}\.jsa(\..*)?$/.test(n) && !n.startsWith(current));
}

/** For the log: quotes arguments with spaces so the line can be pasted into a shell. */
export function formatCommandLine(launch: ServerLaunch): string {
  return [launch.command, ...launch.args].map((a) => (/[\s"']/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}
