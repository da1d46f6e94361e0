import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ItemFeed, onePage } from '../../../src/replay/feed';
import { outcomeOfAnswer } from '../../../src/replay/outcome';
import type { ObjectOutcome, ReplayItem } from '../../../src/replay/ports';
import { plainProgress } from '../../../src/replay/progress';
import { runReplay } from '../../../src/replay/run';
import { StateFile } from '../../../src/replay/state';
import { leftSomethingUndone, summaryLines } from '../../../src/replay/summary';
import { TransientRemoteError } from '../../../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'replay-run-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const items: ReplayItem[] = Array.from({ length: 10 }, (_, index) => ({
  id: `id-${index}`,
  object: `ns/b/o${index}`,
  size: 100,
  event: { n: index },
}));

/** The items as one page, less those the state file has done. */
function feedOf(list: readonly ReplayItem[], state?: StateFile): ItemFeed {
  return new ItemFeed(onePage(list), state ? (id) => state.isDone(id) : undefined);
}

function deliverer(outcomes: (index: number) => ObjectOutcome, log: { started: number[]; inFlight: number; peak: number }) {
  return async (event: Record<string, unknown>) => {
    const index = event['n'] as number;
    log.started.push(index);
    log.inFlight += 1;
    log.peak = Math.max(log.peak, log.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    log.inFlight -= 1;
    return outcomes(index);
  };
}

describe('runReplay', () => {
  test('sends every item with at most `concurrency` in flight; the summary counts them; plain progress prints a line each', async () => {
    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const printed: string[] = [];
    const result = await runReplay(feedOf(items), {
      deliver: deliverer((i) => (i === 3 ? { status: 'failed', reason: 'throttled' } : i === 4 ? { status: 'skipped', reason: 'gone' } : { status: 'published', delivery: 'inline', messages: 1 }), log),
      progress: plainProgress((line) => printed.push(line)),
      concurrency: 3,
    });
    assert.equal(log.peak, 3);
    assert.equal(result.tally.total(), 10);
    assert.equal(printed.length, 10);
    assert.match(printed.find((line) => line.includes('o3'))!, /^\[\d+\/10\] failed ns\/b\/o3: throttled$/);
    const summary = summaryLines(result, {}).join('\n');
    assert.match(summary, /published 8 \(8 messages, 800 B of content\), skipped 1, failed 1/);
    assert.match(summary, /Failed:\n {2}ns\/b\/o3: throttled/);
    assert.match(summary, /Skipped:\n {2}ns\/b\/o4: gone/);
  });

  test('with a state file: done items are not sent again, failed ones are retried', async () => {
    const path = join(dir, 'state.jsonl');
    const first = new StateFile(path);
    await runReplay(feedOf(items, first), { deliver: deliverer((i) => ({ status: i % 2 === 0 ? 'published' : 'failed' }), { started: [], inFlight: 0, peak: 0 }), state: first, progress: plainProgress(() => {}), concurrency: 2 });
    first.close();
    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const second = new StateFile(path);
    const result = await runReplay(feedOf(items, second), { deliver: deliverer(() => ({ status: 'published' }), log), state: second, progress: plainProgress(() => {}), concurrency: 2 });
    second.close();
    assert.deepEqual(log.started.sort(), [1, 3, 5, 7, 9]);
    assert.equal(result.alreadyDone, 5);
  });

  test('an interrupt starts nothing new; what is in flight finishes and is counted', async () => {
    const interrupt = new AbortController();
    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const result = await runReplay(feedOf(items), {
      deliver: async (event) => {
        if (event['n'] === 1) interrupt.abort();
        return deliverer(() => ({ status: 'published' }), log)(event);
      },
      progress: plainProgress(() => {}),
      concurrency: 2,
      signal: interrupt.signal,
    });
    assert.equal(result.interrupted, true);
    assert.deepEqual(log.started, [0, 1]);
    assert.equal(result.tally.total(), 2);
    assert.equal(result.notStarted, 8);
  });

  test('a failure every object would meet stops the run', async () => {
    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const result = await runReplay(feedOf(items), {
      deliver: deliverer(() => ({ status: 'failed', reason: 'denied', stopsRun: true }), log),
      progress: plainProgress(() => {}),
      concurrency: 1,
    });
    assert.deepEqual(log.started, [0]);
    assert.equal(result.stoppedBy?.item.id, 'id-0');
    assert.equal(result.interrupted, false);
    assert.match(summaryLines(result, { stateFile: 's.jsonl' }).join('\n'), /Stopped at the first failure that every object would meet: denied\nRun the same command again/);
  });

  test('items with nothing to send are recorded as skipped without a delivery', async () => {
    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const result = await runReplay(feedOf([{ id: 'g', object: 'ns/b/gone', size: null, skipReason: 'gone' }]), { deliver: deliverer(() => ({ status: 'published' }), log), progress: plainProgress(() => {}), concurrency: 1 });
    assert.deepEqual(log.started, []);
    assert.deepEqual(result.tally.listed.skipped[0]!.outcome, { status: 'skipped', reason: 'gone' });
  });

  test('a delivery that stepped aside is not done: recorded as such, counted apart, re-driven by a rerun', async () => {
    const path = join(dir, 'stepped-aside.jsonl');
    // The function's answer when a chunked delivery gave way on a busy partition (message-format.md).
    const steppedAside = outcomeOfAnswer({
      status: 'published',
      delivery: 'reference',
      messages: 1,
      reason: 'Stepped aside before sending any of its 3 chunks',
      steppedAside: { chunksPublished: 0, chunkCount: 3, observedBytesPerSecond: 0, neededMs: 3000, leftMs: 0 },
    });
    const first = new StateFile(path);
    const result = await runReplay(feedOf(items.slice(0, 3), first), {
      deliver: deliverer((i) => (i === 1 ? steppedAside : { status: 'published', delivery: 'inline', messages: 1 }), { started: [], inFlight: 0, peak: 0 }),
      state: first,
      progress: plainProgress(() => {}),
      concurrency: 1,
    });
    first.close();
    assert.deepEqual(
      readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line).status),
      ['published', 'stepped-aside', 'published'],
    );
    const summary = summaryLines(result, { stateFile: path }).join('\n');
    assert.match(summary, /published 2 \(2 messages, 200 B of content\), skipped 0, failed 0, stepped aside 1/);
    assert.match(summary, /Stepped aside \(only a reference reached the stream\):\n {2}ns\/b\/o1: Stepped aside before sending any of its 3 chunks/);
    assert.match(summary, /Run the same command again to retry what failed or did not start \(and what stepped aside\)/);

    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const second = new StateFile(path);
    await runReplay(feedOf(items.slice(0, 3), second), { deliver: deliverer(() => ({ status: 'published', delivery: 'chunked', messages: 3 }), log), state: second, progress: plainProgress(() => {}), concurrency: 1 });
    second.close();
    assert.deepEqual(log.started, [1], 'the rerun sends the object that stepped aside, and only it');
  });

  test('a listing that fails after its first page stops the run: what was sent is counted, the failure said, and the run is not done', async () => {
    async function* failingPages() {
      yield items.slice(0, 2);
      throw new TransientRemoteError('Object Storage listObjects answered 503', { service: 'objectstorage', operation: 'listObjects', status: 503 });
    }
    const log = { started: [] as number[], inFlight: 0, peak: 0 };
    const result = await runReplay(new ItemFeed(failingPages()), { deliver: deliverer(() => ({ status: 'published', delivery: 'inline', messages: 1 }), log), progress: plainProgress(() => {}), concurrency: 2 });
    assert.deepEqual(log.started.sort(), [0, 1]);
    assert.equal(result.sourceComplete, false);
    assert.equal(leftSomethingUndone(result), true);
    const summary = summaryLines(result, {}).join('\n');
    assert.match(summary, /Replay stopped after .*\n {2}published 2 .*, not started 0 \(and what the listing had not reached\)/);
    assert.match(summary, /Stopped partway: TransientRemoteError: Object Storage listObjects answered 503/);
  });
});
