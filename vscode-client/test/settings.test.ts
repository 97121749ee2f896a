import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SERVER_SETTINGS, getterFromObject, restrictedSetting, toServerSettings } from '../src/settings';

const convert = (section: unknown) => toServerSettings(getterFromObject(section));

describe('toServerSettings', () => {
  it('gives the defaults of DESIGN §4 for an empty section', () => {
    const { settings, warnings } = convert({});
    assert.deepEqual(settings, {
      istio: { rootNamespace: 'istio-system', rewriteAppHTTPProbe: null },
      mesh: { mtls: 'PERMISSIVE', injection: 'assume-injected' },
      defaultNamespace: 'default',
      rules: {},
    });
    assert.deepEqual(settings, DEFAULT_SERVER_SETTINGS);
    assert.deepEqual(warnings, []);
  });

  it('passes the contract example through and drops client-only settings', () => {
    const { settings, warnings } = convert({
      istio: { version: '1.30', rootNamespace: 'istio-system', rewriteAppHTTPProbe: null },
      mesh: { mtls: 'PERMISSIVE', injection: 'assume-injected' },
      defaultNamespace: 'default',
      rules: { 'tcp-probe-always-succeeds': 'error' },
      java: { home: '/opt/jdk' },
      server: { vmargs: '-Xmx1G' },
      trace: { server: 'verbose' },
    });
    assert.deepEqual(settings, {
      istio: { version: '1.30', rootNamespace: 'istio-system', rewriteAppHTTPProbe: null },
      mesh: { mtls: 'PERMISSIVE', injection: 'assume-injected' },
      defaultNamespace: 'default',
      rules: { 'tcp-probe-always-succeeds': 'error' },
    });
    assert.deepEqual(warnings, []);
  });

  it('leaves the version out when the setting is empty (the newest version)', () => {
    assert.equal('version' in convert({ istio: { version: '' } }).settings.istio, false);
  });

  it('reduces a patch version to its minor version', () => {
    assert.equal(convert({ istio: { version: '1.22.3' } }).settings.istio.version, '1.22');
    assert.equal(convert({ istio: { version: 'v1.5' } }).settings.istio.version, '1.5');
  });

  it('ignores an unreadable version with a warning', () => {
    const { settings, warnings } = convert({ istio: { version: 'latest' } });
    assert.equal(settings.istio.version, undefined);
    assert.deepEqual(warnings, ['meshprobe.istio.version: ignored "latest", expected a minor version such as "1.30"; using the newest version.']);
  });

  it('keeps an explicit rewriteAppHTTPProbe', () => {
    assert.equal(convert({ istio: { rewriteAppHTTPProbe: false } }).settings.istio.rewriteAppHTTPProbe, false);
    assert.equal(convert({ istio: { rewriteAppHTTPProbe: true } }).settings.istio.rewriteAppHTTPProbe, true);
  });

  it('accepts an mTLS mode in any case and falls back to PERMISSIVE on nonsense', () => {
    assert.equal(convert({ mesh: { mtls: 'strict' } }).settings.mesh.mtls, 'STRICT');
    const { settings, warnings } = convert({ mesh: { mtls: 'MUTUAL' } });
    assert.equal(settings.mesh.mtls, 'PERMISSIVE');
    assert.match(warnings[0], /^meshprobe\.mesh\.mtls: ignored "MUTUAL", expected STRICT, PERMISSIVE, DISABLE; using PERMISSIVE\.$/);
  });

  it('falls back to assume-injected on an unknown injection assumption', () => {
    const { settings, warnings } = convert({ mesh: { injection: 'maybe' } });
    assert.equal(settings.mesh.injection, 'assume-injected');
    assert.equal(warnings.length, 1);
  });

  it('keeps valid rule severities and drops the others', () => {
    const { settings, warnings } = convert({
      rules: { 'probe-blocked-by-strict-mtls': 'Warning', 'yaml-duplicate-key': 'off', 'tcp-probe-always-succeeds': 'loud' },
    });
    assert.deepEqual(settings.rules, { 'probe-blocked-by-strict-mtls': 'warning', 'yaml-duplicate-key': 'off' });
    assert.deepEqual(warnings, ['meshprobe.rules.tcp-probe-always-succeeds: ignored "loud", expected error, warning, info, hint, off; using the rule default.']);
  });

  it('falls back to the default namespaces on blank values', () => {
    const { settings } = convert({ defaultNamespace: ' ', istio: { rootNamespace: '' } });
    assert.equal(settings.defaultNamespace, 'default');
    assert.equal(settings.istio.rootNamespace, 'istio-system');
  });

  it('reads through a getter as well as from an object', () => {
    const values: Record<string, unknown> = { 'istio.version': '1.12', 'mesh.mtls': 'STRICT' };
    const { settings } = toServerSettings((key) => values[key]);
    assert.equal(settings.istio.version, '1.12');
    assert.equal(settings.mesh.mtls, 'STRICT');
  });
});

describe('restrictedSetting', () => {
  const inspected = { defaultValue: null, globalValue: '/user/jdk', workspaceValue: '/repo/evil-jdk' };

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
