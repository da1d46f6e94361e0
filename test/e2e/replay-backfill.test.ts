import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { markedContent } from '../support/content';
import { AWKWARD_NAMES } from '../support/names';
import { replayChild, replayInProcess, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET, NAMESPACE } from './support/world';

/** One listing page holds at most this many, so 1,000 objects take several pages. */
const PAGE = 300;
const OBJECT_COUNT = 1_000;

const AWKWARD = [
  ...AWKWARD_NAMES,
  // Case matters in names (and in byte order), and a name whose key path is over 256 bytes is hashed.
  'Café.txt',
  `${'é'.repeat(150)}.txt`,
];
const CHUNKED = 'big/chunked.bin';
const ARCHIVED = 'cold/archived.bin';
/** Last in byte order: deleted after the listing, before the replay reads it. */
const DELETED = '\u{10FFFF}-deleted-after-listing.txt';

let replay: ReplayWorld;
before(async () => {
  replay = await startReplayWorld({ emulator: { maxListPage: PAGE }, config: { PUBLISH_BYTES_PER_SECOND: '100000000' } });
});
after(async () => {
  await replay?.stop();
});

test('a backfill of 1,000 objects over several pages puts every object on the stream, or says why not', { timeout: 120_000 }, async () => {
  const { world, tap } = replay;
  const uploaded = new Map<string, Buffer>();
  const put = (name: string, bytes: Buffer, archived = false) => {
    world.upload(name, bytes, archived ? { archivalState: 'Archived' } : {});
    uploaded.set(name, bytes);
  };
  AWKWARD.forEach((name, index) => put(name, markedContent(50 + index)));
  put(CHUNKED, markedContent(1_500_000));
  put(ARCHIVED, markedContent(2_000), true);
  put(DELETED, markedContent(30));
  // Every page boundary falls on a name the query string must carry intact (`&`, `#`, `+`, `%`, space).
  for (let index = 0; uploaded.size < OBJECT_COUNT; index++) put(`batch/${String(index).padStart(4, '0')} a+b&c#d%e?f.txt`, markedContent(20 + (index % 200)));
  // Another bucket's objects stay out of the backfill.
  world.upload('unrelated.txt', markedContent(10), { bucket: 'other' });

  // Delete DELETED once the listing is over: it is listed, then gone when its turn comes.
  let deleted = false;
  const deleter = (async () => {
    for (;;) {
      const lists = world.emulator.requests().filter((r) => r.operation === 'listObjects' && r.status === 200);
      if (lists.length >= Math.ceil(OBJECT_COUNT / PAGE)) break;
      await sleep(2);
    }
    world.emulator.deleteObject(NAMESPACE, BUCKET, DELETED);
    deleted = true;
  })();
  const started = Date.now();
  const run = await replayInProcess(['--bucket', BUCKET, '--direct', '--concurrency', '8'], replay.env);
  await deleter;
  const elapsedMs = Date.now() - started;
  assert.ok(deleted);

  assert.equal(run.code, 0, run.output);
  const lists = world.emulator.requests().filter((r) => r.operation === 'listObjects');
  assert.equal(lists.length, Math.ceil(OBJECT_COUNT / PAGE), 'one request per page');
  assert.ok(lists.every((r) => r.signatureValid));

  const reading = await tap.read();
  // Every message is a replay, says so in data.event, and its id is the same for the same object and ETag.
  for (const message of reading.messages) assert.equal(message.value.data.event.extensions.replay, true, message.value.id);

  const rebuilt = new Map(reading.objects.map((object) => [object.name, object]));
  const pointers = reading.messages.filter((m) => m.value.data.delivery === 'reference');
  for (const [name, bytes] of uploaded) {
    if (name === DELETED) {
      assert.equal(rebuilt.get(name), undefined);
      assert.match(run.output, /Skipped:\n {2}examplens\/uploads\/\u{10FFFF}-deleted-after-listing\.txt: The object .*no longer exists/u);
      continue;
    }
    if (name === ARCHIVED) {
      assert.deepEqual(pointers.map((m) => m.value.data.object.name), [ARCHIVED]);
      assert.match(pointers[0]!.value.data.reason, /archived/);
      continue;
    }
    const object = rebuilt.get(name);
    assert.ok(object, `${JSON.stringify(name)} rebuilt from the stream`);
    assert.ok(object.bytes.equals(bytes), `${JSON.stringify(name)}: the same bytes`);
    assert.equal(object.delivery, name === CHUNKED ? 'chunked' : 'inline');
  }
  assert.equal(rebuilt.size, OBJECT_COUNT - 2);
  assert.ok(!reading.messages.some((m) => m.value.data.object.bucket !== BUCKET));
  assert.match(run.output, new RegExp(`published ${OBJECT_COUNT - 1} \\(\\d+ messages, [\\d.]+ MB of content\\), skipped 1, failed 0`));
  assert.match(run.output, /1 sent as reference .*cold\/archived\.bin/);
  // Plain progress (not a terminal): one line per object, against the objects listed so far (`+`
  // while the listing goes on), and all 1,000 once it is over.
  const progress = run.lines.filter((line) => /^\[\d+\/\d+\+?\] /.test(line));
  assert.equal(progress.length, OBJECT_COUNT);
  assert.match(progress.at(-1)!, /^\[1000\/1000\] /);
  // Sent page by page: objects were published before the listing was over, which was never held whole.
  assert.match(progress[0]!, /^\[1\/\d+\+\] published /, 'the first object was published while the listing went on');
  const operations = world.emulator.requests().map((r) => r.operation);
  assert.ok(operations.indexOf('putMessages') < operations.lastIndexOf('listObjects'), 'a publish before the last page was listed');
  console.log(`backfill of ${OBJECT_COUNT} objects: ${elapsedMs} ms`);
});

test('a dry run through a pipe prints every line before it exits (a listing longer than the pipe holds)', { timeout: 60_000 }, async () => {
  const run = await replayChild(['--bucket', BUCKET, '--dry-run'], replay.env).done;
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.ok(run.stdout.length > 65_536, `more than a pipe's buffer: ${run.stdout.length} bytes`);
  assert.equal(lines.filter((line) => line.startsWith('would send createobject ')).length, OBJECT_COUNT - 1, 'every object left after the first test');
  assert.match(lines.at(-1)!, new RegExp(`^Dry run: ${OBJECT_COUNT - 1} object\\(s\\) to send, [\\d.]+ MB\\. Nothing was sent\\.$`));
});
