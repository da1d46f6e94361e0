import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { markedContent } from '../support/content';
import type { ContractMessage } from './support/stream-reading';
import { replayInProcess, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET } from './support/world';

let replay: ReplayWorld;
before(async () => {
  replay = await startReplayWorld({ config: { PUBLISH_BYTES_PER_SECOND: '100000000' } });
  const { world } = replay;
  world.upload('same/hello.txt', markedContent(120));
  world.upload("same/it's a ☃ + 100%.txt", markedContent(300));
  world.upload('same/big.bin', markedContent(2_100_000));
  world.upload('same/archived.bin', markedContent(500), { archivalState: 'Archived' });
});
after(async () => {
  await replay?.stop();
});

/** Message values by id: what a consumer sees, whatever partition or offset they landed at. */
function byId(messages: readonly ContractMessage[]): Map<string, string> {
  return new Map(messages.map((message) => [String(message.value.id), `${message.key}\n${message.raw.toString('utf8')}`]));
}

test('--invoke and --direct give the same messages for the same objects (a replay of a replay is identical)', { timeout: 90_000 }, async () => {
  const { tap } = replay;
  const viaInvoke = await replayInProcess(['--bucket', BUCKET, '--invoke', replay.functionId], replay.env);
  assert.equal(viaInvoke.code, 0, viaInvoke.output);
  const invoked = await tap.read();
  assert.equal(invoked.requests.filter((r) => r.operation === 'getFunction').length, 1, 'the invoke endpoint is looked up once');
  assert.equal(invoked.requests.filter((r) => r.operation === 'invokeFunction').length, 4);

  const viaDirect = await replayInProcess(['--bucket', BUCKET, '--direct', '--concurrency', '2'], replay.env);
  assert.equal(viaDirect.code, 0, viaDirect.output);
  const direct = await tap.read();
  assert.equal(direct.requests.filter((r) => r.operation === 'invokeFunction').length, 0);

  assert.equal(invoked.messages.length, 1 + 1 + 3 + 1, 'two inline, three chunks, one reference');
  assert.deepEqual(byId(direct.messages), byId(invoked.messages));
  assert.deepEqual(
    invoked.objects.map((object) => object.name).sort(),
    ['same/big.bin', 'same/hello.txt', "same/it's a ☃ + 100%.txt"],
  );
});

test('--invoke-endpoint skips the lookup; --dry-run lists the objects, count and bytes, and sends nothing', { timeout: 30_000 }, async () => {
  const { tap, world } = replay;
  const dry = await replayInProcess(['--bucket', BUCKET, '--prefix', 'same/h', '--dry-run'], replay.env);
  assert.equal(dry.code, 0, dry.output);
  assert.deepEqual(dry.lines, ['would send createobject examplens/uploads/same/hello.txt (120 B)', 'Dry run: 1 object(s) to send, 120 B. Nothing was sent.']);

  const run = await replayInProcess(['--bucket', BUCKET, '--prefix', 'same/h', '--invoke', replay.functionId, '--invoke-endpoint', world.emulator.url], replay.env);
  assert.equal(run.code, 0, run.output);
  const reading = await tap.read();
  assert.deepEqual(reading.requests.map((r) => r.operation).filter((op) => op !== 'getObject' && op !== 'putMessages'), ['getNamespace', 'listObjects', 'getNamespace', 'listObjects', 'invokeFunction'], 'dry run: a listing; the run: a listing and one invoke, no getFunction');
  assert.deepEqual(reading.objects.map((object) => object.name), ['same/hello.txt']);
});

test('--dry-run with any delivery flag sends nothing and says what it would send, and how', { timeout: 30_000 }, async () => {
  const { tap, world } = replay;
  await tap.read();
  const invokeArgs = ['--invoke', replay.functionId, '--invoke-endpoint', world.emulator.url];
  for (const how of [['--direct'], ['--direct', '--concurrency', '4'], ['--invoke', replay.functionId], invokeArgs]) {
    const dry = await replayInProcess(['--bucket', BUCKET, '--prefix', 'same/h', ...how, '--dry-run'], replay.env);
    assert.equal(dry.code, 0, dry.output);
    const through = how[0] === '--direct' ? 'through --direct' : `through --invoke ${replay.functionId}`;
    assert.deepEqual(dry.lines, ['would send createobject examplens/uploads/same/hello.txt (120 B)', `Dry run: 1 object(s) to send ${through}, 120 B. Nothing was sent.`], how.join(' '));
  }
  const reading = await tap.read();
  assert.deepEqual(reading.messages, [], 'nothing reached the stream');
  assert.deepEqual([...new Set(reading.requests.map((r) => r.operation))].sort(), ['getNamespace', 'listObjects'], 'only the listing: no read, publish, lookup or invoke');
});
