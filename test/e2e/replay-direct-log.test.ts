import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { markedContent } from '../support/content';
import { replayInProcess, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET } from './support/world';

const SMALL = ['direct/one.txt', 'direct/two.txt', 'direct/three.txt'];
const LARGE = 'direct/large.bin';

let replay: ReplayWorld;
let dir: string;
const content = new Map<string, Buffer>();
before(async () => {
  replay = await startReplayWorld({ config: { PUBLISH_BYTES_PER_SECOND: '100000000' } });
  dir = mkdtempSync(join(tmpdir(), 'replay-direct-log-'));
  for (const name of SMALL) content.set(name, markedContent(100 + name.length));
  content.set(LARGE, markedContent(1_500_000));
  for (const [name, bytes] of content) replay.world.upload(name, bytes);
});
after(async () => {
  await replay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The partition states a wait longer than the whole call has for the large object's first chunk: it steps aside. */
function busyPartitionForChunks(): void {
  replay.world.emulator.injectFault({
    operation: 'putMessages',
    entryFailures: [{ index: 0, error: '429', errorMessage: 'Request was throttled because bytes limit exhausted, next request can be made in 200000 ms' }],
    whenValueIncludes: '"delivery":"chunked"',
    times: 1,
  });
}

test('a direct backfill where a delivery steps aside: recorded as not done, its log re-drives it with --from-log, and a rerun with --state sends it again', { timeout: 90_000 }, async () => {
  const { tap } = replay;
  const state = join(dir, 'state.jsonl');
  const log = join(dir, 'function.log');

  // --dry-run with --log and --state writes neither.
  const dry = await replayInProcess(['--bucket', BUCKET, '--direct', '--log', log, '--state', state, '--dry-run'], replay.env);
  assert.equal(dry.code, 0, dry.output);
  assert.equal(existsSync(log) || existsSync(state), false, 'a dry run writes no file');

  busyPartitionForChunks();
  const first = await replayInProcess(['--bucket', BUCKET, '--direct', '--log', log, '--state', state], replay.env);
  assert.equal(first.code, 1, first.output);
  assert.match(first.output, /published 3 \(3 messages, .* of content\), skipped 0, failed 0, stepped aside 1\n/);
  assert.match(first.output, /Stepped aside \(only a reference reached the stream\):\n {2}examplens\/uploads\/direct\/large\.bin: Stepped aside before sending any of its \d+ chunks/);
  const recorded = readFileSync(state, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { object: string; status: string });
  assert.deepEqual(recorded.filter((record) => record.status !== 'published').map((record) => [record.object, record.status]), [[`examplens/uploads/${LARGE}`, 'stepped-aside']]);
  const afterFirst = await tap.read();
  assert.deepEqual(afterFirst.objects.map((object) => object.name).sort(), [...SMALL].sort());
  assert.deepEqual(afterFirst.messages.filter((m) => m.value.data.delivery === 'reference').map((m) => m.value.data.object.name), [LARGE]);

  // The function's own lines, one per object, in the format --from-log reads.
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const handled = lines.filter((line) => line['message'] === 'event handled');
  assert.equal(handled.length, SMALL.length + 1);
  assert.ok(handled.every((line) => typeof line['eTag'] === 'string' && typeof line['eventId'] === 'string'));

  const fromLog = await replayInProcess(['--from-log', log, '--direct'], replay.env);
  assert.equal(fromLog.code, 0, fromLog.output);
  assert.match(fromLog.output, /The log names 1 object\(s\) to re-drive: 0 whose event failed, 1 that stepped aside/);
  const redriven = await tap.read();
  assert.deepEqual(redriven.objects.map((object) => [object.name, object.delivery]), [[LARGE, 'chunked']]);
  assert.ok(redriven.objects[0]!.bytes.equals(content.get(LARGE)!), 'the object that stepped aside reached the stream whole');

  const rerun = await replayInProcess(['--bucket', BUCKET, '--direct', '--state', state], replay.env);
  assert.equal(rerun.code, 0, rerun.output);
  assert.match(rerun.output, /published 1 .*already done before 3/);
  assert.deepEqual((await tap.read()).objects.map((object) => object.name), [LARGE], 'the rerun sent only what stepped aside');
});
