import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/adapters/systemClock';

describe('systemClock.sleep', () => {
  it('ends as soon as its signal aborts, without failing', async () => {
    const controller = new AbortController();
    const startedAt = Date.now();
    setTimeout(() => controller.abort(), 20);
    await systemClock.sleep(10_000, controller.signal);
    assert.ok(Date.now() - startedAt < 1_000, `ended after ${Date.now() - startedAt} ms`);
  });

  it('takes its abort listener away when it ends, so many pauses on one signal do not pile them up', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await systemClock.sleep(1, controller.signal);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('waits the time asked without a signal', async () => {
    const startedAt = Date.now();
    await systemClock.sleep(30);
    assert.ok(Date.now() - startedAt >= 25);
  });
});
