// The extension manifest must agree with the code: settings mirror the server defaults, every
// contributed command is registered, and the Java settings are restricted in untrusted workspaces.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SERVER_SETTINGS, INJECTION_ASSUMPTIONS, MTLS_MODES, SEVERITIES } from '../src/settings';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('identifies the extension', () => {
    assert.equal(manifest.name, 'meshprobe');
    assert.equal(manifest.publisher, 'meshprobe');
    assert.equal(manifest.version, '0.1.0');
    assert.equal(manifest.license, 'Apache-2.0');
    assert.deepEqual(manifest.categories, ['Linters']);
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml']);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('contributes settings whose defaults are the server defaults', () => {
    assert.equal(properties['meshprobe.istio.version'].default, '');
    assert.equal(properties['meshprobe.istio.rootNamespace'].default, DEFAULT_SERVER_SETTINGS.istio.rootNamespace);
    assert.equal(properties['meshprobe.istio.rewriteAppHTTPProbe'].default, DEFAULT_SERVER_SETTINGS.istio.rewriteAppHTTPProbe);
    assert.deepEqual(properties['meshprobe.istio.rewriteAppHTTPProbe'].type, ['boolean', 'null']);
    assert.equal(properties['meshprobe.mesh.mtls'].default, DEFAULT_SERVER_SETTINGS.mesh.mtls);
    assert.deepEqual(properties['meshprobe.mesh.mtls'].enum, [...MTLS_MODES]);
    assert.equal(properties['meshprobe.mesh.injection'].default, DEFAULT_SERVER_SETTINGS.mesh.injection);
    assert.deepEqual(properties['meshprobe.mesh.injection'].enum, [...INJECTION_ASSUMPTIONS]);
    assert.equal(properties['meshprobe.defaultNamespace'].default, DEFAULT_SERVER_SETTINGS.defaultNamespace);
    assert.deepEqual(properties['meshprobe.rules'].default, {});
    assert.deepEqual(properties['meshprobe.rules'].additionalProperties.enum, [...SEVERITIES]);
    assert.deepEqual(properties['meshprobe.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['meshprobe.java.home'].scope, 'machine');
  });

  it('describes every setting', () => {
    for (const [key, schema] of Object.entries<Record<string, unknown>>(properties)) {
      assert.ok(schema.markdownDescription || schema.description, `${key} has no description`);
    }
  });

  it('lists every rule of the server (one docs/rules page each) under meshprobe.rules, each with a severity enum', () => {
    const rules = properties['meshprobe.rules'].properties;
    const docs = join(__dirname, '..', '..', 'docs', 'rules');
    const ids = readdirSync(docs).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(Object.keys(rules).sort(), ids);
    for (const [id, schema] of Object.entries<{ enum: string[]; default: string }>(rules)) {
      assert.deepEqual(schema.enum, [...SEVERITIES], id);
      assert.ok(SEVERITIES.includes(schema.default as never), id);
    }
  });

  it('restricts the Java settings in untrusted workspaces', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces, {
      supported: 'limited',
      description: manifest.capabilities.untrustedWorkspaces.description,
      restrictedConfigurations: ['meshprobe.java.home', 'meshprobe.server.vmargs'],
    });
  });

  it('registers every contributed command and contributes every registered one', () => {
    const source = readFileSync(join(root, 'src', 'extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(registered, contributed);
    assert.deepEqual(contributed, ['meshprobe.explainProbe', 'meshprobe.fixAllInFile', 'meshprobe.restartServer', 'meshprobe.showOutput']);
  });
});
