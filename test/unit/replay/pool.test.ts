import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { forEachConcurrently } from '../../../src/replay/pool';

const TEN = Array.from({ length: 10 }, (_, i) => i);

describe('forEachConcurrently', () => {
  test('at most `concurrency` at once, every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently(TEN, 3, async (i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(2);
      seen.push(i);
      inFlight -= 1;
    });
    assert.equal(peak, 3);
    assert.deepEqual(seen.sort((a, b) => a - b), TEN);
  });

  test('a failure starts nothing new in the other workers; those in flight finish before it is thrown', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    await assert.rejects(
      forEachConcurrently(TEN, 3, async (i) => {
        started.push(i);
        await sleep(i === 0 ? 5 : 20);
        if (i === 0) throw new Error('every object would meet this');
        finished.push(i);
      }),
      /every object would meet this/,
    );
    assert.deepEqual(finished.sort(), [1, 2], 'in flight at the failure: finished before the error was thrown');
    await sleep(50);
    assert.deepEqual(started, [0, 1, 2]);
  });

  test('an interrupt starts nothing new, even an item a worker was already waiting for', async () => {
    const interrupt = new AbortController();
    const started: number[] = [];
    async function* slowSource() {
      yield 0;
      yield 1;
      await sleep(20);
      yield 2;
      yield 3;
    }
    await forEachConcurrently(
      slowSource(),
      2,
      async (i) => {
        started.push(i);
        if (i === 1) setTimeout(() => interrupt.abort(), 5);
        // 0 is done at once: its worker waits for item 2, which comes after the interrupt.
        await sleep(i === 0 ? 1 : 30);
      },
      interrupt.signal,
    );
    assert.deepEqual(started, [0, 1]);
  });

  test('a source that fails partway stops the run the same way', async () => {
    const finished: number[] = [];
    async function* failingSource() {
      yield 0;
      yield 1;
      throw new Error('the listing failed');
    }
    await assert.rejects(
      forEachConcurrently(failingSource(), 2, async (i) => {
        await sleep(10);
        finished.push(i);
      }),
      /the listing failed/,
    );
    assert.deepEqual(finished.sort(), [0, 1]);
  });

  test('a lazy source is read only as fast as the work takes items', async () => {
    let produced = 0;
    let completed = 0;
    const gaps: number[] = [];
    function* counting() {
      for (let i = 0; i < 20; i++) {
        gaps.push(produced - completed);
        produced += 1;
        yield i;
      }
    }
    await forEachConcurrently(counting(), 4, async () => {
      await sleep(1);
      completed += 1;
    });
    assert.ok(Math.max(...gaps) <= 4, `at most the workers' items ahead of the work, saw ${Math.max(...gaps)}`);
  });
});
