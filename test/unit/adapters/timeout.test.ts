import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { withTimeout } from '../../../src/adapters/timeout';

const late = () => new Error('timed out');

describe('withTimeout', () => {
  it('settles with the promise when it is first', async () => {
    assert.equal(await withTimeout(delay(5, 'value'), 1_000, late), 'value');
    await assert.rejects(withTimeout(Promise.reject(new Error('own failure')), 1_000, late), /own failure/);
  });

  it('rejects with the timeout error when time runs out first', async () => {
    const startedAt = Date.now();
    await assert.rejects(withTimeout(new Promise(() => {}), 30, late), /timed out/);
    assert.ok(Date.now() - startedAt >= 25);
  });

  it('times out at once when no time is left', async () => {
    let built = 0;
    const onTimeout = () => {
      built++;
      return new Error('no time');
    };
    await assert.rejects(withTimeout(delay(200), -50, onTimeout), /no time/);
    assert.equal(built, 1);
  });

  it('does not build the timeout error when the promise wins', async () => {
    let built = 0;
    await withTimeout(Promise.resolve(1), 20, () => {
      built++;
      return new Error('unused');
    });
    await delay(40);
    assert.equal(built, 0, 'the timer was cleared');
  });
});
