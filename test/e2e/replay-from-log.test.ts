import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { markedContent } from '../support/content';
import { LARGE_OBJECT_BYTES } from './support/burst';
import { replayInProcess, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET, NAMESPACE } from './support/world';

let replay: ReplayWorld;
let dir: string;
before(async () => {
  replay = await startReplayWorld({ config: { PUBLISH_BYTES_PER_SECOND: '100000000' } });
  dir = mkdtempSync(join(tmpdir(), 'replay-log-'));
});
after(async () => {
  await replay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Live events get 0.6 s of retries (Fn-Deadline less the function's 2 s margin) before they fail. */
const SHORT_DEADLINE_MS = 2_600;

test('a stream outage during live events, then --from-log over the function log: every failed object reaches the stream', { timeout: 90_000 }, async () => {
  const { world, tap } = replay;
  const before = ['outage/before-1.txt', 'outage/before-2.txt'];
  const during = ['outage/during 1.txt', 'outage/during+2&x=y#z%.csv', 'outage/日本 3.txt', 'outage/big.bin'];
  const content = new Map<string, Buffer>();
  for (const name of [...before, ...during]) content.set(name, name.endsWith('.bin') ? markedContent(1_300_000) : markedContent(100 + name.length));

  for (const name of before) assert.equal((await world.uploadAndInvoke(name, content.get(name)!)).status, 200);
  const deletedDuring = 'outage/deleted during.txt';
  world.upload(deletedDuring, markedContent(10));
  // The stream pool is unreachable: every connection is reset.
  world.emulator.injectFault({ operation: 'putMessages', reset: true, times: 100_000 });
  for (const name of during) {
    const result = await world.uploadAndInvoke(name, content.get(name)!, { deadlineMs: SHORT_DEADLINE_MS });
    assert.equal(result.status, 502, `${name}: ${result.rawBody}`);
  }
  world.emulator.deleteObject(NAMESPACE, BUCKET, deletedDuring);
  assert.equal((await world.invokeEvent('deleteobject', { name: deletedDuring }, { deadlineMs: SHORT_DEADLINE_MS })).status, 502);
  // A body that was not an object event fails too, but names no object to replay.
  assert.equal((await world.fn.invoke('not an event')).status, 502);
  world.emulator.clearFaults();
  const beforeReplay = await tap.read();
  assert.equal(beforeReplay.objects.length, before.length);

  // The function's output reaches the harness on its own pipe, possibly after the answer: wait for
  // every failure's line (four creates, the delete, the body that was not an event).
  while ((world.fn.output().match(/"message":"event failed"/g) ?? []).length < during.length + 2) await sleep(10);
  // The function log as exported, with a line from something else mixed in.
  const log = join(dir, 'function.log');
  const logText = `${world.fn.output()}\nsome other program's line\n`;
  writeFileSync(log, logText);
  // `-` reads the log from standard input; a dry run shows what would go, and sends nothing.
  const dry = await replayInProcess(['--from-log', '-', '--dry-run'], replay.env, { stdin: logText });
  assert.equal(dry.code, 0, dry.output);
  assert.equal(dry.lines.filter((line) => line.startsWith('would send createobject examplens/uploads/outage/')).length, during.length);
  assert.ok(dry.lines.includes('would send deleteobject examplens/uploads/outage/deleted during.txt'), dry.output);
  const run = await replayInProcess(['--from-log', log, '--invoke', replay.functionId, '--concurrency', '2'], replay.env);
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /The log names 5 object\(s\) to re-drive: 5 whose event failed, 0 that stepped aside \(0 published by a later event, not sent again; (\d+) line\(s\) not the function's skipped; 1 failure\(s\) of bodies that were not object events/);
  assert.match(run.output, /published 5 /);

  const reading = await tap.read();
  const rebuilt = new Map(reading.objects.map((object) => [object.name, object]));
  for (const name of during) assert.ok(rebuilt.get(name)?.bytes.equals(content.get(name)!), `${name} rebuilt from the stream`);
  assert.equal(rebuilt.size, during.length, 'the objects published live are not sent again');
  const deletion = reading.messages.filter((m) => m.value.data.delivery === 'none');
  assert.deepEqual(deletion.map((m) => m.value.data.object.name), [deletedDuring]);
  for (const message of reading.messages) assert.equal(message.value.data.event.extensions.replay, true);
  const invokes = reading.requests.filter((r) => r.operation === 'invokeFunction');
  assert.equal(invokes.length, 5);
  assert.ok(invokes.every((r) => r.signatureValid && r.status === 200));
});

test('--from-log over a log where deliveries stepped aside: those objects reach the stream whole, one published later is not sent again', { timeout: 60_000 }, async () => {
  const { world, tap } = replay;
  await tap.read();
  // The log of a burst into one busy partition, captured from the function (see test/unit/replay/logSource.test.ts).
  const log = join(__dirname, '..', 'fixtures', 'logs', 'bursts-then-outage.jsonl');
  const steppedAside = 'burst-b-6f42b717/object-2.bin';
  const failed = 'outage/small.txt';
  const content = new Map([
    [steppedAside, markedContent(LARGE_OBJECT_BYTES)],
    [failed, markedContent(120)],
    ['burst-a-d92ad1bf/object-3.bin', markedContent(LARGE_OBJECT_BYTES)],
  ]);
  for (const [name, bytes] of content) world.upload(name, bytes);

  const run = await replayInProcess(['--from-log', log, '--invoke', replay.functionId], replay.env);
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /The log names 2 object\(s\) to re-drive: 1 whose event failed, 1 that stepped aside \(1 published by a later event, not sent again; /);
  const reading = await tap.read();
  assert.deepEqual(reading.objects.map((object) => object.name).sort(), [steppedAside, failed].sort());
  for (const object of reading.objects) assert.ok(object.bytes.equals(content.get(object.name)!), `${object.name} rebuilt from the stream`);
  assert.equal(reading.objects.find((object) => object.name === steppedAside)?.delivery, 'chunked');
  assert.equal(reading.requests.filter((r) => r.operation === 'invokeFunction').length, 2);
});

test('a dry run over a log, interrupted before its objects are looked up, says it was interrupted and exits 130', { timeout: 30_000 }, async () => {
  const log = join(__dirname, '..', 'fixtures', 'logs', 'bursts-then-outage.jsonl');
  const interrupt = new AbortController();
  interrupt.abort();
  const dry = await replayInProcess(['--from-log', log, '--dry-run'], replay.env, { signal: interrupt.signal });
  assert.equal(dry.code, 130, dry.output);
  assert.match(dry.lines.at(-1)!, /^Dry run \(interrupted: the listing stopped there\): 0 object\(s\) to send, 0 B\. Nothing was sent\.$/);
});
