// The command line that starts the server: `java [vmargs] -jar meshprobe.jar --stdio`. No `vscode`
// import here.

export interface ServerLaunch {
  command: string;
  args: string[];
}

export interface LaunchInputs {
  javaExecutable: string;
  jarPath: string;
  /** `meshprobe.server.vmargs`, as typed by the user. */
  vmargs?: string;
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
 * The JVM prints unified-logging warnings (e.g. about CDS or container limits) on stdout by default,
 * which would corrupt the LSP stream; send them to stderr, which ends up in the output channel.
 */
const STDERR_LOGGING = ['-Xlog:disable', '-Xlog:all=warning:stderr'];

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
  const userSetsLogging = vmargs.some((a) => a.startsWith('-Xlog'));
  return {
    launch: {
      command: inputs.javaExecutable,
      args: [...(userSetsLogging ? [] : STDERR_LOGGING), ...vmargs, '-jar', inputs.jarPath, '--stdio'],
    },
    warnings,
  };
}

/** For the log: quotes arguments with spaces so the line can be pasted into a shell. */
export function formatCommandLine(launch: ServerLaunch): string {
  return [launch.command, ...launch.args].map((a) => (/[\s"']/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}
