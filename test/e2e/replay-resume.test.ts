import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { markedContent } from '../support/content';
import { replayChild, replayInProcess, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET } from './support/world';

const OBJECTS = 120;

let replay: ReplayWorld;
let dir: string;
before(async () => {
  replay = await startReplayWorld({ config: { PUBLISH_BYTES_PER_SECOND: '100000000' } });
  dir = mkdtempSync(join(tmpdir(), 'replay-state-'));
  for (let index = 0; index < OBJECTS; index++) replay.world.upload(`resume/${String(index).padStart(3, '0')} item.txt`, markedContent(40 + index));
  replay.world.upload('resume/zz-chunked.bin', markedContent(1_200_000));
});
after(async () => {
  await replay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function stateLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '') : [];
}

async function waitForLines(path: string, count: number): Promise<void> {
  while (stateLines(path).length < count) await sleep(5);
}

/** Each stored message as key + value, in a canonical order, for comparing two runs. */
function canonical(streamId: string): string[] {
  return replay.world.emulator
    .messages(streamId)
    .map((message) => `${message.key?.toString('utf8')}\n${message.value.toString('utf8')}`)
    .sort();
}

/** Slows every publish a little, so a run is still going when the test interrupts it. */
function slowPublishes(): void {
  replay.world.emulator.injectFault({ operation: 'putMessages', delayMs: 15, times: 10_000 });
}

test('Ctrl-C partway, then the same command with --state: the stream equals an uninterrupted run, nothing completed sent twice', { timeout: 90_000 }, async () => {
  const { world } = replay;
  const state = join(dir, 'interrupted.jsonl');
  const argv = ['--bucket', BUCKET, '--direct', '--concurrency', '4', '--state', state];
  slowPublishes();
  const first = replayChild(argv, replay.env);
  await waitForLines(state, 30);
  first.kill('SIGINT');
  const stopped = await first.done;
  world.emulator.clearFaults();
  assert.equal(stopped.code, 130, `${stopped.stdout}\n${stopped.stderr}`);
  assert.match(stopped.stdout, /Replay interrupted after .*\n {2}published (\d+) .*, not started (\d+)/);
  assert.match(stopped.stdout, /Run the same command again to retry what failed or did not start/);
  const recorded = stateLines(state).map((line) => JSON.parse(line) as { id: string; status: string });
  assert.ok(recorded.length >= 30 && recorded.length < OBJECTS + 1, `${recorded.length} recorded before the interrupt`);
  assert.ok(recorded.every((record) => record.status === 'published'));
  // Every object in flight at Ctrl-C finished and was recorded: the stream holds exactly the recorded ones.
  const afterFirst = new Set(world.emulator.messages(world.streamId).map((m) => JSON.parse(m.value.toString('utf8')).data.event.eventID as string));
  assert.deepEqual([...afterFirst].sort(), recorded.map((record) => record.id).sort());

  const second = await replayInProcess(argv, replay.env);
  assert.equal(second.code, 0, second.output);
  assert.match(second.output, new RegExp(`already done before ${recorded.length}`));

  // The same objects replayed without interruption, to another stream.
  const uninterruptedStream = world.emulator.createStream('uninterrupted');
  const whole = await replayInProcess(['--bucket', BUCKET, '--direct', '--concurrency', '4'], { ...replay.env, OCI_STREAM_OCID: uninterruptedStream });
  assert.equal(whole.code, 0, whole.output);
  assert.deepEqual(canonical(world.streamId), canonical(uninterruptedStream), 'interrupted + resumed == uninterrupted, message for message');
  assert.equal(canonical(world.streamId).length, OBJECTS + 2, 'each inline object once, the chunked one in its 2 chunks');
  await replay.tap.read();
});

test('a killed run (SIGKILL) loses no record of a completed object; the rerun sends none of them again', { timeout: 90_000 }, async () => {
  const { world } = replay;
  const stream = world.emulator.createStream('killed');
  const env = { ...replay.env, OCI_STREAM_OCID: stream };
  const state = join(dir, 'killed.jsonl');
  const argv = ['--bucket', BUCKET, '--direct', '--concurrency', '4', '--state', state];
  slowPublishes();
  const first = replayChild(argv, env);
  await waitForLines(state, 25);
  first.kill('SIGKILL');
  assert.equal((await first.done).signal, 'SIGKILL');
  world.emulator.clearFaults();
  const recorded = stateLines(state)
    .map((line) => {
      try {
        return JSON.parse(line) as { id: string };
      } catch {
        return undefined; // a record cut short by the kill: that object had not completed
      }
    })
    .filter((record) => record !== undefined);
  assert.ok(recorded.length >= 25);

  const rerun = await replayInProcess(argv, env);
  assert.equal(rerun.code, 0, rerun.output);
  const sends = new Map<string, number>();
  for (const message of world.emulator.messages(stream)) {
    const value = JSON.parse(message.value.toString('utf8'));
    if (value.data.chunk && value.data.chunk.index > 0) continue;
    sends.set(value.data.event.eventID, (sends.get(value.data.event.eventID) ?? 0) + 1);
  }
  for (const record of recorded) assert.equal(sends.get(record.id), 1, `${record.id} was recorded before the kill and sent once`);
  assert.equal(sends.size, OBJECTS + 1, 'every object reached the stream');
});
