import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { markedContent } from '../support/content';
import {
  approximateMessageBytes,
  assertAnsweredInTime,
  burstObjects,
  capacity,
  completed,
  describeRuns,
  LARGE_OBJECT_BYTES,
  runBurst,
  settlePartition,
  startBurstWorld,
  type BurstRun,
  type BurstWorld,
} from './support/burst';

/**
 * Bursts of uploads into one partition that takes 1 MB/s (see support/burst.ts): each object is
 * invoked in its own warm function process, all at the same moment. The partition, not the CPU,
 * is the bottleneck: a 3 MB object is about 4 MB of messages, 4 s of the partition's time.
 */

const PROCESSES = 8;

/** Prints what became of each object; for bursts of 3 MB objects, against the partition's capacity. */
function report(title: string, runs: readonly BurstRun[], capacityAtDeadlineMs?: number): void {
  const fits = capacityAtDeadlineMs === undefined ? '' : ` (the partition could carry about ${capacity(approximateMessageBytes(LARGE_OBJECT_BYTES), capacityAtDeadlineMs)} before the deadline)`;
  console.log(`${title}: ${completed(runs)} of ${runs.length} completed${fits}\n${describeRuns(runs)}`);
}

describe('bursts of large uploads into one 1 MB/s partition', () => {
  let world: BurstWorld;
  before(async () => {
    world = await startBurstWorld(PROCESSES);
  });
  after(async () => {
    await world?.stop();
  });

  /** `count` objects of 3 MB at once: at least `atLeast` complete, the rest step aside in time, nothing orphaned. */
  async function largeBurst(count: number, deadlineMs: number, atLeast: number): Promise<void> {
    const runs = await runBurst(world, burstObjects(`burst-${count}`, Array(count).fill(LARGE_OBJECT_BYTES), deadlineMs, markedContent));
    report(`burst of ${count}`, runs, deadlineMs);
    assertAnsweredInTime(runs);
    assert.ok(completed(runs) >= atLeast, `${completed(runs)} of ${count} completed`);
    await settlePartition();
  }

  it('4 x 3 MB with a 15 s deadline: at least 3 complete, the rest step aside in time, nothing orphaned', () => largeBurst(4, 15_000, 3));

  it('8 x 3 MB with a 30 s deadline: at least 5 complete, the rest step aside in time, nothing orphaned', () => largeBurst(8, 30_000, 5));

  it('one large and many small objects: the small ones do not wait behind the large one', async () => {
    const deadlineMs = 20_000;
    const [large, ...small] = burstObjects('mixed', [5_000_000, ...Array(PROCESSES - 1).fill(20_000)], deadlineMs, markedContent);
    const runs = await runBurst(world, [large!, ...small]);
    report('one large, many small', runs);
    assertAnsweredInTime(runs);
    const [largeRun, ...smallRuns] = runs;
    assert.equal(largeRun!.outcome, 'completed', describeRuns(runs));
    for (const run of smallRuns) {
      assert.equal(run.outcome, 'completed', describeRuns(runs));
      assert.equal((run.result.json as Record<string, unknown>).delivery, 'inline');
      // The large one takes about 7 s of the partition; a small one waits at most a few throttles.
      assert.ok(run.result.durationMs < 5_000, `small object answered in ${Math.round(run.result.durationMs)} ms`);
      assert.ok(run.result.durationMs < largeRun!.result.durationMs, 'small objects answer before the large one');
    }
    await settlePartition();
  });

  it('the reference messages themselves are throttled: each is retried within its reserved time, nothing orphaned', async () => {
    const deadlineMs = 12_000;
    const stalledEventId = randomUUID();
    const [first, ...others] = burstObjects('throttled-references', Array(3).fill(LARGE_OBJECT_BYTES), deadlineMs, markedContent);
    // The first object starts ahead of the others, then its third chunk is refused for good: it
    // must stop after two chunks and say so, while the others take their turn or step aside.
    const objects = [{ ...first!, eventId: stalledEventId }, ...others.map((object) => ({ ...object, delayMs: 300 }))];
    const statedWait = 'Request was throttled because bytes limit exhausted, next request can be made in 417 ms';
    world.emulator.injectFault({ operation: 'putMessages', whenValueIncludes: `"id":"${stalledEventId}/2"`, failAllEntries: { error: '429', errorMessage: 'Request was throttled because bytes limit exhausted, next request can be made in 1000 ms' }, times: Infinity });
    world.emulator.injectFault({ operation: 'putMessages', whenValueIncludes: '"delivery":"reference"', failAllEntries: { error: '429', errorMessage: statedWait }, times: 4 });
    const outputBefore = world.functions.map((fn) => fn.output().length);
    let runs: BurstRun[];
    try {
      runs = await runBurst(world, objects);
    } finally {
      world.emulator.clearFaults();
    }
    report('throttled references', runs);
    assertAnsweredInTime(runs);
    const [stalled] = runs;
    assert.equal(stalled!.outcome, 'stopped', describeRuns(runs));
    assert.equal(stalled!.chunks, 2);
    const retriedReferences = world.functions
      .slice(0, objects.length)
      .map((fn, i) => fn.output().slice(outputBefore[i]).split('\n'))
      .reduce((sum, lines) => sum + lines.filter((line) => line.includes('"message":"retrying"') && line.includes('can be made in 417 ms')).length, 0);
    assert.equal(retriedReferences, 4, 'every throttled reference attempt was retried');
  });
});
