// What the status bar says about the server, from its lifecycle and its `meshprobe/status`
// notifications. No `vscode` import here.

export interface StatusParams {
  state: 'ready' | 'indexing';
  istioVersion?: string;
  files?: number;
  /** Which of helm and kustomize a chart or overlay needs but was not found, each with the setting that points at it. */
  missingTools?: string[];
}

export type ServerStatus =
  | { kind: 'starting' }
  | { kind: 'running'; status?: StatusParams }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

/** Reads `meshprobe/status` params leniently; undefined when they are not a status at all. */
export function parseStatusParams(params: unknown): StatusParams | undefined {
  if (params === null || typeof params !== 'object') {
    return undefined;
  }
  const p = params as Record<string, unknown>;
  if (p.state !== 'ready' && p.state !== 'indexing') {
    return undefined;
  }
  const result: StatusParams = { state: p.state };
  if (typeof p.istioVersion === 'string' && p.istioVersion !== '') {
    result.istioVersion = p.istioVersion;
  }
  if (typeof p.files === 'number' && Number.isFinite(p.files) && p.files >= 0) {
    result.files = Math.floor(p.files);
  }
  if (Array.isArray(p.missingTools)) {
    const missing = p.missingTools.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
    if (missing.length > 0) {
      result.missingTools = missing;
    }
  }
  return result;
}

export interface StatusPresentation {
  /** Status bar text with codicons. */
  text: string;
  tooltip: string;
  level: 'normal' | 'warning' | 'error';
}

function files(n: number | undefined): string {
  return n === undefined ? '' : n === 1 ? '1 YAML file' : `${n} YAML files`;
}

export function presentStatus(status: ServerStatus): StatusPresentation {
  const click = 'Click to show the Meshprobe log.';
  switch (status.kind) {
    case 'starting':
      return { text: '$(sync~spin) Meshprobe', tooltip: `Meshprobe server is starting. ${click}`, level: 'normal' };
    case 'stopped':
      return { text: '$(circle-slash) Meshprobe', tooltip: `Meshprobe server is stopped. ${click}`, level: 'warning' };
    case 'failed':
      return { text: '$(error) Meshprobe', tooltip: `${status.message} ${click}`, level: 'error' };
    case 'running': {
      const s = status.status;
      const istio = s?.istioVersion ? `Istio ${s.istioVersion}` : undefined;
      if (s?.state === 'indexing') {
        const detail = [istio, files(s.files)].filter(Boolean).join(', ');
        return {
          text: `$(sync~spin) Meshprobe${istio ? ` · ${istio}` : ''}`,
          tooltip: `Meshprobe is indexing the workspace${detail ? ` (${detail})` : ''}. ${click}`,
          level: 'normal',
        };
      }
      if (s?.missingTools) {
        const tools = ['helm', 'kustomize'].filter((t) => s.missingTools?.some((m) => m.startsWith(t) || m.includes(`tools.${t}`)));
        return {
          text: `$(warning) Meshprobe${istio ? ` · ${istio}` : ''} · ${tools.length > 0 ? `no ${tools.join(', no ')}` : 'tools missing'}`,
          tooltip:
            `Meshprobe is ready${istio ? `, checking probes against ${istio}` : ''}, but cannot render some charts or overlays: ` +
            `${s.missingTools.join(' ')} Set meshprobe.tools.helm or meshprobe.tools.kustomize in the settings, or tools: in .meshprobe.yaml. ${click}`,
          level: 'warning',
        };
      }
      return {
        text: `$(check) Meshprobe${istio ? ` · ${istio}` : ''}`,
        tooltip:
          `Meshprobe is ready${istio ? `, checking probes against ${istio}` : ''}` +
          `${s?.files !== undefined ? `; ${files(s.files)} indexed` : ''}. ${click}`,
        level: 'normal',
      };
    }
  }
}
