// The `meshprobe` settings section, turned into the object the server receives as
// `initializationOptions`, as the answer to `workspace/configuration` and in `didChangeConfiguration`
// (one shape for all three). Only what the user set is sent: a value that merely repeats the
// extension's default would reach the server as a choice ("set in editor settings") and win over the
// project's .meshprobe.yaml. Parsed leniently, as the server does: a bad value is reported as a warning
// and left out, so one typo never stops linting. No `vscode` import here.

export const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

export const INJECTION_ASSUMPTIONS = ['assume-injected', 'assume-not-injected'] as const;
export type InjectionAssumption = (typeof INJECTION_ASSUMPTIONS)[number];

export const DIAGNOSTICS_SCOPES = ['openFiles', 'workspace'] as const;
export type DiagnosticsScope = (typeof DIAGNOSTICS_SCOPES)[number];

/** The enum member of a setting that means "not set here": .meshprobe.yaml, else Meshprobe's default, applies. */
export const DEFAULT_CHOICE = 'default';

/**
 * What the server receives: only the keys the user set. Client-only settings (java, server, trace)
 * are not part of it.
 */
export interface ServerSettings {
  istio?: {
    version?: string;
    rootNamespace?: string;
    rewriteAppHTTPProbe?: boolean;
  };
  mesh?: {
    mtls?: MtlsMode;
    injection?: InjectionAssumption;
  };
  defaultNamespace?: string;
  rules?: Record<string, Severity>;
  tools?: {
    helm?: string;
    kustomize?: string;
    timeoutSeconds?: number;
  };
  diagnostics?: {
    scope?: DiagnosticsScope;
  };
  /** Sent only in an untrusted workspace: the server then runs no tool that the workspace's .meshprobe.yaml names. */
  untrustedWorkspace?: true;
}

/** The keys of the section the server receives, relative to `meshprobe`. */
export const SERVER_KEYS = [
  'istio.version',
  'istio.rootNamespace',
  'istio.rewriteAppHTTPProbe',
  'mesh.mtls',
  'mesh.injection',
  'defaultNamespace',
  'rules',
  'tools.helm',
  'tools.kustomize',
  'tools.timeoutSeconds',
  'diagnostics.scope',
] as const;

/** Settings that name a program to run: in an untrusted workspace only the user's own value counts. */
export const RESTRICTED_SERVER_KEYS: readonly string[] = ['tools.helm', 'tools.kustomize'];

/** The parts of `WorkspaceConfiguration.inspect()` that matter here. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** Inspects one setting by its key relative to the section, e.g. `istio.version`. */
export type SettingInspector = (key: string) => InspectedSetting<unknown> | undefined;

/**
 * An inspector over plain objects, one per settings level (what `settings.json` files hold under
 * `meshprobe`), for tests and for clients that have no `inspect()`.
 */
export function inspectorFromObjects(levels: { global?: unknown; workspace?: unknown; workspaceFolder?: unknown; defaults?: unknown }): SettingInspector {
  const read = (section: unknown, key: string): unknown => {
    let node: unknown = section;
    for (const part of key.split('.')) {
      if (node === null || typeof node !== 'object') {
        return undefined;
      }
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  };
  return (key) => ({
    defaultValue: read(levels.defaults, key),
    globalValue: read(levels.global, key),
    workspaceValue: read(levels.workspace, key),
    workspaceFolderValue: read(levels.workspaceFolder, key),
  });
}

/**
 * The value the user set, the most specific level winning (folder, workspace, user); undefined when
 * only the default applies. Objects (`rules`) are merged across the levels, as VS Code merges them.
 */
export function userValue(inspected: InspectedSetting<unknown> | undefined): unknown {
  if (!inspected) {
    return undefined;
  }
  const levels = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].filter((v) => v !== undefined);
  if (levels.length === 0) {
    return undefined;
  }
  if (levels.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    return Object.assign({}, ...levels);
  }
  return levels[levels.length - 1];
}

export interface ConvertedSettings {
  settings: ServerSettings;
  /** One line per ignored value, for the output channel. */
  warnings: string[];
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** True for a value that means "not set here": absent, null (older settings), "" or "default". */
function unset(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && (value.trim() === '' || value.trim() === DEFAULT_CHOICE));
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], normalise: (s: string) => string = (s) => s): T | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const v = normalise(value.trim());
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function toServerSettings(inspect: SettingInspector, trusted = true): ConvertedSettings {
  const warnings: string[] = [];
  const ignore = (key: string, value: unknown, expected: string) =>
    warnings.push(`meshprobe.${key}: ignored ${show(value)}, expected ${expected}; .meshprobe.yaml or the default applies.`);
  const settings: ServerSettings = {};
  const istio = (): NonNullable<ServerSettings['istio']> => (settings.istio ??= {});
  const mesh = (): NonNullable<ServerSettings['mesh']> => (settings.mesh ??= {});
  const get = (key: (typeof SERVER_KEYS)[number]) => {
    const inspected = inspect(key);
    // A repository's own settings must not choose which program the server runs before it is trusted.
    return !trusted && RESTRICTED_SERVER_KEYS.includes(key) ? userValue(inspected && { globalValue: inspected.globalValue }) : userValue(inspected);
  };

  const version = get('istio.version');
  if (!unset(version)) {
    // Numbers sneak in from hand-written JSON (`"version": 1.3` means 1.3, not 1.30).
    const text = typeof version === 'number' ? String(version) : typeof version === 'string' ? version.trim() : '';
    const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text);
    if (match) {
      istio().version = `${Number(match[1])}.${Number(match[2])}`;
    } else {
      ignore('istio.version', version, 'a minor version such as "1.30"');
    }
  }

  const rootNamespace = get('istio.rootNamespace');
  if (!unset(rootNamespace)) {
    if (typeof rootNamespace === 'string' && NAME.test(rootNamespace.trim())) {
      istio().rootNamespace = rootNamespace.trim();
    } else {
      ignore('istio.rootNamespace', rootNamespace, 'a namespace name');
    }
  }

  const rewrite = get('istio.rewriteAppHTTPProbe');
  if (!unset(rewrite)) {
    // The Settings UI offers "default", "true" and "false"; hand-written JSON may hold a boolean.
    if (rewrite === true || rewrite === 'true') {
      istio().rewriteAppHTTPProbe = true;
    } else if (rewrite === false || rewrite === 'false') {
      istio().rewriteAppHTTPProbe = false;
    } else {
      ignore('istio.rewriteAppHTTPProbe', rewrite, '"default", "true" or "false"');
    }
  }

  const mtls = get('mesh.mtls');
  if (!unset(mtls)) {
    const mode = oneOf(mtls, MTLS_MODES, (s) => s.toUpperCase());
    if (mode) {
      mesh().mtls = mode;
    } else {
      ignore('mesh.mtls', mtls, `"default", ${MTLS_MODES.join(', ')}`);
    }
  }

  const injection = get('mesh.injection');
  if (!unset(injection)) {
    const assumption = oneOf(injection, INJECTION_ASSUMPTIONS);
    if (assumption) {
      mesh().injection = assumption;
    } else {
      ignore('mesh.injection', injection, `"default", ${INJECTION_ASSUMPTIONS.join(' or ')}`);
    }
  }

  const namespace = get('defaultNamespace');
  if (!unset(namespace)) {
    if (typeof namespace === 'string' && NAME.test(namespace.trim())) {
      settings.defaultNamespace = namespace.trim();
    } else {
      ignore('defaultNamespace', namespace, 'a namespace name');
    }
  }

  const rawRules = get('rules');
  if (rawRules !== null && typeof rawRules === 'object' && !Array.isArray(rawRules)) {
    const rules: Record<string, Severity> = {};
    for (const [id, value] of Object.entries(rawRules as Record<string, unknown>)) {
      if (unset(value)) {
        continue;
      }
      const severity = oneOf(value, SEVERITIES, (s) => s.toLowerCase());
      if (severity) {
        rules[id] = severity;
      } else {
        ignore(`rules.${id}`, value, SEVERITIES.join(', '));
      }
    }
    if (Object.keys(rules).length > 0) {
      settings.rules = rules;
    }
  } else if (!unset(rawRules)) {
    ignore('rules', rawRules, 'an object of rule id to severity');
  }

  for (const tool of ['helm', 'kustomize'] as const) {
    const value = get(`tools.${tool}`);
    if (!unset(value)) {
      if (typeof value === 'string') {
        (settings.tools ??= {})[tool] = value.trim();
      } else {
        ignore(`tools.${tool}`, value, 'a path or a command name');
      }
    }
  }

  const timeout = get('tools.timeoutSeconds');
  if (!unset(timeout)) {
    const n = typeof timeout === 'number' ? timeout : typeof timeout === 'string' ? Number(timeout.trim()) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= 600) {
      (settings.tools ??= {}).timeoutSeconds = n;
    } else {
      ignore('tools.timeoutSeconds', timeout, 'a whole number of seconds from 1 to 600');
    }
  }

  if (!trusted) {
    settings.untrustedWorkspace = true;
  }

  const scope = get('diagnostics.scope');
  if (!unset(scope)) {
    const s = oneOf(scope, DIAGNOSTICS_SCOPES);
    if (s) {
      settings.diagnostics = { scope: s };
    } else {
      ignore('diagnostics.scope', scope, DIAGNOSTICS_SCOPES.join(' or '));
    }
  }

  return { settings, warnings };
}

export interface RestrictedValue<T> {
  value: T | undefined;
  /** A workspace value that was not used because the workspace is not trusted. */
  ignoredWorkspaceValue?: T;
}

/**
 * A setting that decides which program runs (the Java path, its VM arguments): in an untrusted
 * workspace only the user's own value counts, since a cloned repository could otherwise name any
 * executable or `-javaagent`.
 */
export function restrictedSetting<T>(inspected: InspectedSetting<T> | undefined, trusted: boolean): RestrictedValue<T> {
  if (!inspected) {
    return { value: undefined };
  }
  const workspace = inspected.workspaceFolderValue ?? inspected.workspaceValue;
  if (trusted) {
    return { value: workspace ?? inspected.globalValue ?? inspected.defaultValue };
  }
  return {
    value: inspected.globalValue ?? inspected.defaultValue,
    ignoredWorkspaceValue: workspace,
  };
}
