// The `meshprobe` settings section, turned into the object the server receives as
// `initializationOptions`, as the answer to `workspace/configuration` and in `didChangeConfiguration`
// (one shape for all three). Parsed leniently, as the server does: a bad value is reported as a warning
// and replaced by the default, so one typo never stops linting. No `vscode` import here.

export const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

export const INJECTION_ASSUMPTIONS = ['assume-injected', 'assume-not-injected'] as const;
export type InjectionAssumption = (typeof INJECTION_ASSUMPTIONS)[number];

/** What the server receives. Client-only settings (java, server, trace) are not part of it. */
export interface ServerSettings {
  istio: {
    /** Target minor version; absent means the newest version the server knows. */
    version?: string;
    rootNamespace: string;
    /** Install-wide rewrite default; null means "use the workspace or the version default". */
    rewriteAppHTTPProbe: boolean | null;
  };
  mesh: {
    mtls: MtlsMode;
    injection: InjectionAssumption;
  };
  defaultNamespace: string;
  rules: Record<string, Severity>;
}

export const DEFAULT_SERVER_SETTINGS: Readonly<ServerSettings> = Object.freeze<ServerSettings>({
  istio: { rootNamespace: 'istio-system', rewriteAppHTTPProbe: null },
  mesh: { mtls: 'PERMISSIVE', injection: 'assume-injected' },
  defaultNamespace: 'default',
  rules: {},
});

/** Reads one setting by its key relative to the section, e.g. `istio.version`. */
export type SettingGetter = (key: string) => unknown;

/** Adapts a nested settings object (as `getConfiguration().get('meshprobe')` returns it) to a getter. */
export function getterFromObject(section: unknown): SettingGetter {
  return (key) => {
    let node: unknown = section;
    for (const part of key.split('.')) {
      if (node === null || typeof node !== 'object') {
        return undefined;
      }
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  };
}

export interface ConvertedSettings {
  settings: ServerSettings;
  /** One line per ignored value, for the output channel. */
  warnings: string[];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function toServerSettings(get: SettingGetter): ConvertedSettings {
  const warnings: string[] = [];
  const defaults = DEFAULT_SERVER_SETTINGS;
  const ignore = (key: string, value: unknown, expected: string, fallback: string) =>
    warnings.push(`meshprobe.${key}: ignored ${show(value)}, expected ${expected}; using ${fallback}.`);

  const istio: ServerSettings['istio'] = {
    rootNamespace: defaults.istio.rootNamespace,
    rewriteAppHTTPProbe: null,
  };
  const rawVersion = get('istio.version');
  if (rawVersion !== undefined && rawVersion !== null && rawVersion !== '') {
    // Numbers sneak in from hand-written JSON (`"version": 1.3` means 1.3, not 1.30).
    const text = typeof rawVersion === 'number' ? String(rawVersion) : typeof rawVersion === 'string' ? rawVersion.trim() : '';
    const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text);
    if (match) {
      istio.version = `${Number(match[1])}.${Number(match[2])}`;
    } else if (text !== '') {
      ignore('istio.version', rawVersion, 'a minor version such as "1.30"', 'the newest version');
    } else {
      ignore('istio.version', rawVersion, 'a string', 'the newest version');
    }
  }

  const rootNamespace = get('istio.rootNamespace');
  if (nonEmptyString(rootNamespace)) {
    istio.rootNamespace = nonEmptyString(rootNamespace)!;
  } else if (rootNamespace !== undefined && rootNamespace !== null) {
    ignore('istio.rootNamespace', rootNamespace, 'a namespace name', `"${defaults.istio.rootNamespace}"`);
  }

  const rewrite = get('istio.rewriteAppHTTPProbe');
  if (typeof rewrite === 'boolean') {
    istio.rewriteAppHTTPProbe = rewrite;
  } else if (rewrite !== undefined && rewrite !== null) {
    ignore('istio.rewriteAppHTTPProbe', rewrite, 'true, false or null', 'null');
  }

  const mesh: ServerSettings['mesh'] = { ...defaults.mesh };
  const mtls = get('mesh.mtls');
  if (typeof mtls === 'string' && (MTLS_MODES as readonly string[]).includes(mtls.trim().toUpperCase())) {
    mesh.mtls = mtls.trim().toUpperCase() as MtlsMode;
  } else if (mtls !== undefined && mtls !== null) {
    ignore('mesh.mtls', mtls, MTLS_MODES.join(', '), defaults.mesh.mtls);
  }
  const injection = get('mesh.injection');
  if (typeof injection === 'string' && (INJECTION_ASSUMPTIONS as readonly string[]).includes(injection.trim())) {
    mesh.injection = injection.trim() as InjectionAssumption;
  } else if (injection !== undefined && injection !== null) {
    ignore('mesh.injection', injection, INJECTION_ASSUMPTIONS.join(' or '), defaults.mesh.injection);
  }

  let defaultNamespace = defaults.defaultNamespace;
  const namespace = get('defaultNamespace');
  if (nonEmptyString(namespace)) {
    defaultNamespace = nonEmptyString(namespace)!;
  } else if (namespace !== undefined && namespace !== null) {
    ignore('defaultNamespace', namespace, 'a namespace name', `"${defaults.defaultNamespace}"`);
  }

  const rules: Record<string, Severity> = {};
  const rawRules = get('rules');
  if (rawRules !== null && typeof rawRules === 'object' && !Array.isArray(rawRules)) {
    for (const [id, value] of Object.entries(rawRules as Record<string, unknown>)) {
      const severity = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (severity && (SEVERITIES as readonly string[]).includes(severity)) {
        rules[id] = severity as Severity;
      } else {
        ignore(`rules.${id}`, value, SEVERITIES.join(', '), 'the rule default');
      }
    }
  } else if (rawRules !== undefined && rawRules !== null) {
    ignore('rules', rawRules, 'an object of rule id to severity', 'the rule defaults');
  }

  return { settings: { istio, mesh, defaultNamespace, rules }, warnings };
}

/** The parts of `WorkspaceConfiguration.inspect()` that matter for trust decisions. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
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
