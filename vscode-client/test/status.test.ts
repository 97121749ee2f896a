import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLevelOfServerLine } from '../src/serverLog';
import { parseStatusParams, presentStatus } from '../src/status';

describe('parseStatusParams', () => {
  it('reads the meshprobe/status notification', () => {
    assert.deepEqual(parseStatusParams({ state: 'ready', istioVersion: '1.30', files: 12 }), { state: 'ready', istioVersion: '1.30', files: 12 });
  });

  it('ignores unknown states and malformed fields', () => {
    assert.equal(parseStatusParams({ state: 'sleeping' }), undefined);
    assert.equal(parseStatusParams(null), undefined);
    assert.deepEqual(parseStatusParams({ state: 'indexing', istioVersion: 7, files: -1 }), { state: 'indexing' });
  });
});

describe('presentStatus', () => {
  it('shows the targeted Istio version when ready', () => {
    const p = presentStatus({ kind: 'running', status: { state: 'ready', istioVersion: '1.30', files: 3 } });
    assert.equal(p.text, '$(check) Meshprobe · Istio 1.30');
    assert.match(p.tooltip, /ready, checking probes against Istio 1\.30; 3 YAML files indexed/);
    assert.equal(p.level, 'normal');
  });

  it('spins while indexing', () => {
    const p = presentStatus({ kind: 'running', status: { state: 'indexing', istioVersion: '1.30', files: 1 } });
    assert.equal(p.text, '$(sync~spin) Meshprobe · Istio 1.30');
    assert.match(p.tooltip, /indexing the workspace \(Istio 1\.30, 1 YAML file\)/);
  });

  it('says which tool a chart or overlay needs, and the setting that points at it', () => {
    const status = parseStatusParams({
      state: 'ready',
      istioVersion: '1.30',
      files: 3,
      missingTools: ['helm was not found on the PATH; install it or set tools.helm to its path', 7],
    });
    assert.deepEqual(status?.missingTools, ['helm was not found on the PATH; install it or set tools.helm to its path']);
    const p = presentStatus({ kind: 'running', status: status! });
    assert.equal(p.text, '$(warning) Meshprobe · Istio 1.30 · no helm');
    assert.equal(p.level, 'warning');
    assert.match(p.tooltip, /cannot render some charts or overlays: helm was not found on the PATH/);
    assert.match(p.tooltip, /meshprobe\.tools\.helm/);
    assert.equal(parseStatusParams({ state: 'ready', missingTools: [] })?.missingTools, undefined);
  });

  it('shows a failure as an error with its reason', () => {
    const p = presentStatus({ kind: 'failed', message: 'Java 17+ not found.' });
    assert.equal(p.level, 'error');
    assert.match(p.tooltip, /^Java 17\+ not found\./);
  });
});

describe('logLevelOfServerLine', () => {
  const cases: [string, string][] = [
    ['SEVERE: Unexpected exception', 'error'],
    ['\tat dev.meshprobe.lsp.Server.hover(Server.java:42)', 'error'],
    ['Exception in thread "main" java.lang.IllegalStateException', 'error'],
    ['WARNING: bad setting mesh.mtls', 'warn'],
    ['2025-01-01 12:00:00 WARN config ignored', 'warn'],
    ['FINE: parsed 3 documents', 'debug'],
    ['Meshprobe 0.1.0 listening on stdio', 'info'],
  ];
  for (const [line, level] of cases) {
    it(`logs ${JSON.stringify(line)} as ${level}`, () => assert.equal(logLevelOfServerLine(line), level));
  }
});
