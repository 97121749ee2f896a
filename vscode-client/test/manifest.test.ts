// The extension manifest must agree with the code: every setting is editable in the Settings UI (no
// null types: "default" or an empty string means "not set here"), every contributed command is
// registered, and the Java settings are restricted in untrusted workspaces.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULE_PAGE_COMMAND } from '../src/rulePages';
import { DEFAULT_CHOICE, DIAGNOSTICS_SCOPES, INJECTION_ASSUMPTIONS, MTLS_MODES, SEVERITIES } from '../src/settings';

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

  it('contributes settings that mean "not set here" by default, so that .meshprobe.yaml decides', () => {
    for (const key of ['meshprobe.istio.version', 'meshprobe.istio.rootNamespace', 'meshprobe.defaultNamespace', 'meshprobe.java.home']) {
      assert.equal(properties[key].type, 'string', key);
      assert.equal(properties[key].default, '', key);
    }
    assert.deepEqual(properties['meshprobe.istio.rewriteAppHTTPProbe'].enum, [DEFAULT_CHOICE, 'true', 'false']);
    assert.deepEqual(properties['meshprobe.mesh.mtls'].enum, [DEFAULT_CHOICE, ...MTLS_MODES]);
    assert.deepEqual(properties['meshprobe.mesh.injection'].enum, [DEFAULT_CHOICE, ...INJECTION_ASSUMPTIONS]);
    for (const key of ['meshprobe.istio.rewriteAppHTTPProbe', 'meshprobe.mesh.mtls', 'meshprobe.mesh.injection']) {
      assert.equal(properties[key].default, DEFAULT_CHOICE, key);
      assert.equal(properties[key].enumDescriptions.length, properties[key].enum.length, key);
    }
    assert.deepEqual(properties['meshprobe.diagnostics.scope'].enum, [...DIAGNOSTICS_SCOPES]);
    assert.equal(properties['meshprobe.diagnostics.scope'].default, 'openFiles');
    assert.deepEqual(properties['meshprobe.rules'].default, {});
    assert.deepEqual(properties['meshprobe.rules'].additionalProperties.enum, [...SEVERITIES]);
    assert.deepEqual(properties['meshprobe.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('has no setting the Settings UI can only send to settings.json (null or union types)', () => {
    for (const [key, schema] of Object.entries<Record<string, unknown>>(properties)) {
      assert.equal(typeof schema.type, 'string', `${key} has type ${JSON.stringify(schema.type)}`);
      assert.notEqual(schema.default, null, key);
    }
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

  it('restricts the settings that name a program to run in untrusted workspaces', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces, {
      supported: 'limited',
      description: manifest.capabilities.untrustedWorkspaces.description,
      restrictedConfigurations: ['meshprobe.java.home', 'meshprobe.server.vmargs', 'meshprobe.tools.helm', 'meshprobe.tools.kustomize'],
    });
  });

  it('registers every contributed command and contributes every registered one', () => {
    const source = readFileSync(join(root, 'src', 'extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\(('([^']+)'|RULE_PAGE_COMMAND)/g)].map((m) => m[2] ?? RULE_PAGE_COMMAND).sort();
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(registered, contributed);
    assert.deepEqual(contributed, ['meshprobe.explainProbe', 'meshprobe.fixAllInFile', 'meshprobe.openRulePage', 'meshprobe.restartServer', 'meshprobe.showOutput']);
  });
});
