import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRuleId, meshprobeRule, RULE_PAGE_COMMAND, rulePageLink } from '../src/rulePages';

describe('rule pages', () => {
  it('links a rule page through the command, with the id as URI-encoded JSON', () => {
    const link = rulePageLink('probe-blocked-by-strict-mtls');
    assert.equal(link, `command:${RULE_PAGE_COMMAND}?%5B%22probe-blocked-by-strict-mtls%22%5D`);
    assert.deepEqual(JSON.parse(decodeURIComponent(link.split('?')[1])), ['probe-blocked-by-strict-mtls']);
  });

  it("takes the rule from Meshprobe's diagnostics only", () => {
    assert.equal(meshprobeRule('meshprobe', { value: 'yaml-duplicate-key', target: {} }), 'yaml-duplicate-key');
    assert.equal(meshprobeRule('meshprobe', 'yaml-duplicate-key'), 'yaml-duplicate-key');
    assert.equal(meshprobeRule('yaml', { value: 'yaml-duplicate-key' }), undefined);
  });

  it('never takes a path for a rule id', () => {
    for (const bad of ['../../etc/passwd', 'a/b', '', 'Probe', 'x.md', 42]) {
      assert.equal(isRuleId(bad), false, String(bad));
    }
    assert.equal(isRuleId('tcp-probe-always-succeeds'), true);
  });
});
