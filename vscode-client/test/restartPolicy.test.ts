import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../src/restartPolicy';

describe('RestartPolicy', () => {
  it('restarts five times within three minutes, then gives up', () => {
    let now = 0;
    const policy = new RestartPolicy(5, 180_000, () => now);
    const decisions = [];
    for (let i = 0; i < 6; i++) {
      decisions.push(policy.recordCrash().restart);
      now += 10_000;
    }
    assert.deepEqual(decisions, [true, true, true, true, true, false]);
  });

  it('forgets crashes older than the window', () => {
    let now = 0;
    const policy = new RestartPolicy(2, 60_000, () => now);
    policy.recordCrash();
    policy.recordCrash();
    now = 61_000;
    assert.deepEqual(policy.recordCrash(), { restart: true, crashes: 1 });
  });

  it('starts a fresh count after a restart the user asked for', () => {
    const policy = new RestartPolicy(1, 60_000, () => 0);
    policy.recordCrash();
    assert.equal(policy.recordCrash().restart, false);
    policy.reset();
    assert.equal(policy.recordCrash().restart, true);
  });
});
