import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inspectorFromObjects, restrictedSetting, SERVER_KEYS, toServerSettings, userValue } from '../src/settings';

/** The user's settings.json section, as `inspect()` reports it (globalValue). */
const convert = (section: unknown) => toServerSettings(inspectorFromObjects({ global: section }));

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; enum?: unknown[] }> = manifest.contributes.configuration.properties;

/** The `meshprobe` section holding every contributed setting at its default, as a nested object. */
function contributedDefaults(pick: (schema: { default?: unknown; enum?: unknown[] }) => unknown): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) {
    const parts = key.split('.').slice(1);
    let node = section;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = pick(schema);
  }
  return section;
}

describe('toServerSettings', () => {
  it('sends nothing when the user set nothing: no client default reaches the server as a setting', () => {
    const defaults = contributedDefaults((schema) => schema.default);
    const { settings, warnings } = toServerSettings(inspectorFromObjects({ defaults }));
    assert.deepEqual(settings, {});
    assert.deepEqual(warnings, []);
    // Every key the server receives has a contributed default, so the check above covers them all.
    for (const key of SERVER_KEYS) {
      assert.ok(`meshprobe.${key}` in properties, key);
    }
  });

  it('sends nothing for a user value that means "not set here" ("default", empty, null)', () => {
    const unset = contributedDefaults((schema) => (Array.isArray(schema.enum) && schema.enum.includes('default') ? 'default' : schema.default === '' ? '' : undefined));
    assert.deepEqual(convert(unset).settings, {});
    assert.deepEqual(convert({ istio: { rewriteAppHTTPProbe: null, version: null }, mesh: { mtls: '  ' } }).settings, {});
  });

  it('sends a user value even when it equals the default: the user chose it', () => {
    assert.deepEqual(convert({ mesh: { mtls: 'PERMISSIVE' }, diagnostics: { scope: 'openFiles' } }).settings, {
      mesh: { mtls: 'PERMISSIVE' },
      diagnostics: { scope: 'openFiles' },
    });
  });

  it('passes the contract example through and drops client-only settings', () => {
    const { settings, warnings } = convert({
      istio: { version: '1.30', rootNamespace: 'istio-system', rewriteAppHTTPProbe: 'false' },
      mesh: { mtls: 'STRICT', injection: 'assume-not-injected' },
      defaultNamespace: 'shop',
      rules: { 'tcp-probe-always-succeeds': 'error' },
      diagnostics: { scope: 'workspace' },
      java: { home: '/opt/jdk' },
      server: { vmargs: '-Xmx1G' },
      trace: { server: 'verbose' },
    });
    assert.deepEqual(settings, {
      istio: { version: '1.30', rootNamespace: 'istio-system', rewriteAppHTTPProbe: false },
      mesh: { mtls: 'STRICT', injection: 'assume-not-injected' },
      defaultNamespace: 'shop',
      rules: { 'tcp-probe-always-succeeds': 'error' },
      diagnostics: { scope: 'workspace' },
    });
    assert.deepEqual(warnings, []);
  });

  it('sends the tools the user set; in an untrusted workspace only the user\'s own, and says so', () => {
    assert.deepEqual(convert({ tools: { helm: ' /opt/helm/bin/helm ', kustomize: 'kubectl', timeoutSeconds: '30' } }).settings, {
      tools: { helm: '/opt/helm/bin/helm', kustomize: 'kubectl', timeoutSeconds: 30 },
    });
    const bad = convert({ tools: { timeoutSeconds: '0', helm: 3 } });
    assert.deepEqual(bad.settings, {});
    assert.equal(bad.warnings.length, 2);
    const levels = inspectorFromObjects({ global: { tools: { kustomize: '/usr/local/bin/kustomize' } }, workspace: { tools: { helm: './evil.sh', timeoutSeconds: 20 } } });
    assert.deepEqual(toServerSettings(levels, false).settings, {
      tools: { kustomize: '/usr/local/bin/kustomize', timeoutSeconds: 20 },
      untrustedWorkspace: true,
    });
    assert.deepEqual(toServerSettings(levels, true).settings, { tools: { helm: './evil.sh', kustomize: '/usr/local/bin/kustomize', timeoutSeconds: 20 } });
  });

  it('reads the most specific level: folder over workspace over user, rules merged', () => {
    const { settings } = toServerSettings(
      inspectorFromObjects({
        global: { mesh: { mtls: 'STRICT' }, rules: { 'yaml-duplicate-key': 'off', 'file-not-analysed': 'hint' } },
        workspace: { mesh: { mtls: 'DISABLE' }, rules: { 'yaml-duplicate-key': 'error' } },
        workspaceFolder: { istio: { version: '1.12' } },
      }),
    );
    assert.deepEqual(settings, {
      istio: { version: '1.12' },
      mesh: { mtls: 'DISABLE' },
      rules: { 'yaml-duplicate-key': 'error', 'file-not-analysed': 'hint' },
    });
  });

  it('reduces a patch version to its minor version', () => {
    assert.equal(convert({ istio: { version: '1.22.3' } }).settings.istio?.version, '1.22');
    assert.equal(convert({ istio: { version: 'v1.5' } }).settings.istio?.version, '1.5');
  });

  it('ignores an unreadable version with a warning', () => {
    const { settings, warnings } = convert({ istio: { version: 'latest' } });
    assert.deepEqual(settings, {});
    assert.deepEqual(warnings, ['meshprobe.istio.version: ignored "latest", expected a minor version such as "1.30"; .meshprobe.yaml or the default applies.']);
  });

  it('reads rewriteAppHTTPProbe from the Settings UI choice and from a boolean in settings.json', () => {
    assert.equal(convert({ istio: { rewriteAppHTTPProbe: 'true' } }).settings.istio?.rewriteAppHTTPProbe, true);
    assert.equal(convert({ istio: { rewriteAppHTTPProbe: false } }).settings.istio?.rewriteAppHTTPProbe, false);
    assert.equal(convert({ istio: { rewriteAppHTTPProbe: 'maybe' } }).warnings.length, 1);
  });

  it('accepts an mTLS mode in any case and leaves nonsense out', () => {
    assert.equal(convert({ mesh: { mtls: 'strict' } }).settings.mesh?.mtls, 'STRICT');
    const { settings, warnings } = convert({ mesh: { mtls: 'MUTUAL' } });
    assert.deepEqual(settings, {});
    assert.match(warnings[0], /^meshprobe\.mesh\.mtls: ignored "MUTUAL"/);
  });

  it('keeps valid rule severities and drops the others', () => {
    const { settings, warnings } = convert({
      rules: { 'probe-blocked-by-strict-mtls': 'Warning', 'yaml-duplicate-key': 'off', 'tcp-probe-always-succeeds': 'loud' },
    });
    assert.deepEqual(settings.rules, { 'probe-blocked-by-strict-mtls': 'warning', 'yaml-duplicate-key': 'off' });
    assert.equal(warnings.length, 1);
  });

  it('leaves out a scope it does not know', () => {
    const { settings, warnings } = convert({ diagnostics: { scope: 'everything' } });
    assert.deepEqual(settings, {});
    assert.equal(warnings.length, 1);
  });

  it('checks namespace names', () => {
    const { settings, warnings } = convert({ defaultNamespace: 'Shop Front', istio: { rootNamespace: 'mesh-root' } });
    assert.deepEqual(settings, { istio: { rootNamespace: 'mesh-root' } });
    assert.equal(warnings.length, 1);
  });
});

describe('userValue', () => {
  it('is undefined when only the default is there', () => {
    assert.equal(userValue({ defaultValue: 'PERMISSIVE' }), undefined);
    assert.equal(userValue(undefined), undefined);
  });
});

describe('restrictedSetting', () => {
  const inspected = { defaultValue: '', globalValue: '/user/jdk', workspaceValue: '/repo/evil-jdk' };

  it('uses the workspace value in a trusted workspace', () => {
    assert.deepEqual(restrictedSetting(inspected, true), { value: '/repo/evil-jdk' });
  });

  it('uses only the user value in an untrusted workspace and reports the ignored one', () => {
    assert.deepEqual(restrictedSetting(inspected, false), { value: '/user/jdk', ignoredWorkspaceValue: '/repo/evil-jdk' });
  });

  it('prefers the folder value over the workspace value when trusted', () => {
    assert.equal(restrictedSetting({ workspaceValue: 'a', workspaceFolderValue: 'b' }, true).value, 'b');
  });

  it('falls back to the default when nothing is set', () => {
    assert.deepEqual(restrictedSetting({ defaultValue: '-Xmx1G' }, false), { value: '-Xmx1G', ignoredWorkspaceValue: undefined });
    assert.deepEqual(restrictedSetting(undefined, true), { value: undefined });
  });
});
