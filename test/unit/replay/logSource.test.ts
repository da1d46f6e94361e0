import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { readLines } from '../../../src/replay/lines';
import { logItems, logReadingLine, readFunctionLog } from '../../../src/replay/logSource';
import type { ListedObject, ObjectListing } from '../../../src/replay/ports';
import { replayEventId } from '../../../src/replay/replayEvent';

const failedLine = (object: string, eventType = 'createobject', eventId = 'e1') =>
  JSON.stringify({ time: '2026-11-20T10:00:00.000Z', level: 'error', message: 'event failed', callId: 'c', eventId, eventType: `com.oraclecloud.objectstorage.${eventType}`, object, error: 'TransientRemoteError: ...' });

describe('readFunctionLog', () => {
  test('finds the objects of "event failed" lines, the latest per object, and counts the rest', () => {
    const lines = [
      failedLine('ns/b/a/one.txt', 'createobject', 'e1'),
      JSON.stringify({ time: 't', level: 'info', message: 'event handled', object: 'ns/b/ok.txt' }),
      'plain text from something else',
      '',
      JSON.stringify({ time: '2026-11-20T10:00:00.000Z', level: 'error', message: 'event failed', callId: 'c', error: 'InvalidEventError: ...' }),
      // As exported from OCI Logging: the function's line as text inside the record.
      JSON.stringify({ datetime: 1, logContent: { data: { message: failedLine('ns/b/two words.txt') } } }),
      failedLine('ns/b/a/one.txt', 'deleteobject', 'e9'),
    ];
    const reading = readFunctionLog(lines);
    assert.equal(reading.foreignLines, 2);
    assert.equal(reading.failuresWithoutObject, 1);
    assert.deepEqual(
      reading.toRedrive.map((f) => [f.namespace, f.bucket, f.name, f.eventType.split('.').pop(), f.eventId]),
      [
        ['ns', 'b', 'two words.txt', 'createobject', 'e1'],
        ['ns', 'b', 'a/one.txt', 'deleteobject', 'e9'],
      ],
    );
  });
});

/**
 * The function's own log, captured from a run (test/e2e/support/burst.ts, one 1 MB/s partition,
 * four function processes, their outputs one after another): a burst of four 3 MB objects where
 * burst-a's object-3 stepped aside, that object uploaded again and published on a quiet partition,
 * a second burst where burst-b's object-2 stepped aside, then outage/small.txt failed on a stream
 * that reset every connection.
 */
const CAPTURED_LOG = join(__dirname, '..', '..', 'fixtures', 'logs', 'bursts-then-outage.jsonl');
const STEPPED_ASIDE_AGAIN = 'examplens/uploads/burst-a-d92ad1bf/object-3.bin';
const STEPPED_ASIDE = 'examplens/uploads/burst-b-6f42b717/object-2.bin';
const FAILED = 'examplens/uploads/outage/small.txt';

const capturedLog = () => readLines(CAPTURED_LOG, Readable.from([]), 'the captured log');

/** The captured `event handled` line of an object, as parsed JSON, to derive other lines of the same shape. */
async function capturedHandledLine(object: string, stepped: boolean): Promise<Record<string, unknown>> {
  const lines = (await capturedLog()).map((line) => JSON.parse(line) as Record<string, unknown>);
  const found = lines.find((line) => line['message'] === 'event handled' && line['object'] === object && (line['steppedAside'] !== undefined) === stepped);
  assert.ok(found, `the captured log has the "event handled" line of ${object}`);
  return found;
}

describe('readFunctionLog over a captured function log', () => {
  test('re-drives what stepped aside and what failed; an object published by a later event is done', async () => {
    const lines = await capturedLog();
    const reading = readFunctionLog(lines);
    assert.deepEqual(
      reading.toRedrive.map((entry) => [`${entry.namespace}/${entry.bucket}/${entry.name}`, entry.cause, entry.eventType.split('.').pop()]),
      [
        [STEPPED_ASIDE, 'stepped aside', 'createobject'],
        [FAILED, 'failed', 'createobject'],
      ],
    );
    assert.equal(reading.deliveredLater, 1);
    assert.equal(reading.foreignLines, 0);
    assert.equal(reading.failuresWithoutObject, 0);
    assert.equal(reading.unreadableStepAsides, 0);
    // The capture lists one process's lines after another's: the object delivered later has its
    // published line above its stepped-aside line in the file. Only the lines' times tell which came last.
    const at = (object: string, stepped: boolean) => lines.findIndex((line) => line.includes('"event handled"') && line.includes(`"object":"${object}"`) && line.includes('"steppedAside"') === stepped);
    assert.ok(at(STEPPED_ASIDE_AGAIN, false) < at(STEPPED_ASIDE_AGAIN, true));
  });

  test('says what it found, before a dry run or a run', async () => {
    const reading = readFunctionLog([...(await capturedLog()), 'an export header']);
    assert.equal(
      logReadingLine(reading),
      "The log names 2 object(s) to re-drive: 1 whose event failed, 1 that stepped aside (1 published by a later event, not sent again; 1 line(s) not the function's skipped; 0 failure(s) of bodies that were not object events, with no object to replay).",
    );
  });

  test('each object to re-drive is sent as it is now, pinned to its current ETag', async () => {
    const listed = (name: string): ListedObject => ({ name, size: 3_000_000, eTag: `now-${name}`, timeModified: new Date(0), archivalState: null });
    const listing = new FakeListing([listed('burst-b-6f42b717/object-2.bin'), listed('outage/small.txt')]);
    const items = await logItems(listing, readFunctionLog(await capturedLog()).toRedrive, 1);
    assert.deepEqual(
      items.map((item) => [item.object, (item.event?.['data'] as any)?.additionalDetails.eTag]),
      [
        [STEPPED_ASIDE, 'now-burst-b-6f42b717/object-2.bin'],
        [FAILED, 'now-outage/small.txt'],
      ],
    );
  });
});

describe('readFunctionLog: the latest line per object, by time', () => {
  const at = (line: Record<string, unknown>, time: string, changes: Record<string, unknown> = {}) => JSON.stringify({ ...line, time, ...changes });

  test('a skip after a step aside leaves it to re-drive, a failure after it makes it a failure, a publish after it makes it done; a step aside after a publish re-drives it', async () => {
    const steppedAside = await capturedHandledLine(STEPPED_ASIDE, true);
    const published = await capturedHandledLine(STEPPED_ASIDE_AGAIN, false);
    const other = 'examplens/uploads/other.bin';
    const third = 'examplens/uploads/third.bin';
    const fourth = 'examplens/uploads/fourth.bin';
    const midway = { chunksPublished: 2, chunkCount: 5, observedBytesPerSecond: 310_000.5, neededMs: 9_800, leftMs: 4_100 };
    const reading = readFunctionLog([
      // Newest first, as a log search sorted by time descending lists them.
      at(published, '2026-12-01T00:03:00.000Z', { object: third, key: third }),
      at(steppedAside, '2026-12-01T00:02:30.000Z', { object: other, key: other, steppedAside: midway }),
      at(published, '2026-12-01T00:02:10.000Z', { object: STEPPED_ASIDE, key: STEPPED_ASIDE, outcome: 'skipped', delivery: 'none', messages: 0, steppedAside: undefined }),
      failedLine(other, 'createobject', 'e-late').replace('2026-11-20T10:00:00.000Z', '2026-12-01T00:02:40.000Z'),
      at(steppedAside, '2026-12-01T00:02:00.000Z'),
      at(steppedAside, '2026-12-01T00:01:00.000Z', { object: third, key: third }),
      at(steppedAside, '2026-12-01T00:00:50.000Z', { object: fourth, key: fourth }),
      at(published, '2026-12-01T00:00:40.000Z', { object: fourth, key: fourth }),
    ]);
    assert.deepEqual(
      reading.toRedrive.map((entry) => [entry.name, entry.cause, entry.eventId]),
      [
        ['fourth.bin', 'stepped aside', steppedAside['eventId']],
        ['burst-b-6f42b717/object-2.bin', 'stepped aside', steppedAside['eventId']],
        ['other.bin', 'failed', 'e-late'],
      ],
    );
    assert.equal(reading.deliveredLater, 1, 'third.bin stepped aside, then was published');
  });

  test('matched by name and ETag: in a versioned bucket, an older version published after a newer one stepped aside does not clear it', async () => {
    const steppedAside = await capturedHandledLine(STEPPED_ASIDE, true);
    const published = await capturedHandledLine(STEPPED_ASIDE_AGAIN, false);
    const versioned = 'examplens/uploads/versioned.bin';
    const same = 'examplens/uploads/same-version.bin';
    const reading = readFunctionLog([
      // The newer version (ETag new) stepped aside; the older version's event (ETag old) came late and was published.
      at(steppedAside, '2026-12-01T00:01:00.000Z', { object: versioned, key: versioned, eTag: 'etag-new' }),
      at(published, '2026-12-01T00:02:00.000Z', { object: versioned, key: versioned, eTag: 'etag-old' }),
      // The same version published later is done.
      at(steppedAside, '2026-12-01T00:01:00.000Z', { object: same, key: same, eTag: 'etag-1' }),
      at(published, '2026-12-01T00:02:00.000Z', { object: same, key: same, eTag: 'etag-1' }),
    ]);
    assert.deepEqual(
      reading.toRedrive.map((entry) => [entry.name, entry.cause, entry.eTag]),
      [['versioned.bin', 'stepped aside', 'etag-new']],
    );
    assert.equal(reading.deliveredLater, 1, 'same-version.bin');
  });

  test('an "event handled" line whose steppedAside cannot be read is counted and said, not dropped in silence', async () => {
    const steppedAside = await capturedHandledLine(STEPPED_ASIDE, true);
    const reading = readFunctionLog([JSON.stringify({ ...steppedAside, steppedAside: { chunksPublished: 'none' } })]);
    assert.deepEqual(reading.toRedrive, []);
    assert.equal(reading.unreadableStepAsides, 1);
    assert.match(logReadingLine(reading), /; 1 "event handled" line\(s\) with a steppedAside that could not be read, skipped\)\.$/);
  });
});

class FakeListing implements ObjectListing {
  readonly asked: string[] = [];
  constructor(private readonly objects: ListedObject[]) {}
  async namespace() {
    return 'ns';
  }
  async list(_namespace: string, _bucket: string, options: { prefix?: string }) {
    this.asked.push(options.prefix ?? '');
    return { objects: this.objects.filter((o) => o.name.startsWith(options.prefix ?? '')).sort((a, b) => (a.name < b.name ? -1 : 1)).slice(0, 1) };
  }
}

describe('logItems', () => {
  test('the current object for a failed create, the delete again, and "gone" for what no longer exists', async () => {
    const current: ListedObject = { name: 'here.txt', size: 5, eTag: 'now', timeModified: new Date(0), archivalState: null };
    const listing = new FakeListing([current, { ...current, name: 'gone.txt.bak' }]);
    const reading = readFunctionLog([failedLine('ns/b/here.txt'), failedLine('ns/b/gone.txt'), failedLine('ns/b/deleted.txt', 'deleteobject')]);
    const items = await logItems(listing, reading.toRedrive, 2);
    assert.deepEqual(listing.asked.sort(), ['gone.txt', 'here.txt']);
    assert.equal(items[0]!.id, replayEventId({ namespace: 'ns', bucket: 'b' }, 'here.txt', 'now'));
    assert.equal((items[0]!.event!['data'] as any).additionalDetails.eTag, 'now');
    assert.equal(items[1]!.event, undefined);
    assert.match(items[1]!.skipReason!, /no longer exists/);
    assert.equal(items[2]!.event!['eventType'], 'com.oraclecloud.objectstorage.deleteobject');
  });

  test('an object whose current version a later event published is not sent again', async () => {
    const line = (time: string, fields: Record<string, unknown>) =>
      JSON.stringify({ time, level: 'info', message: 'event handled', callId: 'c', eventId: `e-${time}`, eventType: 'com.oraclecloud.objectstorage.createobject', object: 'ns/b/v.txt', ...fields });
    const reading = readFunctionLog([
      line('2026-12-01T00:01:00.000Z', { eTag: 'old', outcome: 'published', steppedAside: { chunksPublished: 0, chunkCount: 3, observedBytesPerSecond: 0, neededMs: 9, leftMs: 1 } }),
      line('2026-12-01T00:02:00.000Z', { eTag: 'newer', outcome: 'published' }),
    ]);
    assert.deepEqual(reading.toRedrive.map((entry) => [entry.name, entry.eTag, entry.publishedLater]), [['v.txt', 'old', ['newer']]]);
    const current: ListedObject = { name: 'v.txt', size: 5, eTag: 'newer', timeModified: new Date(0), archivalState: null };
    const [item] = await logItems(new FakeListing([current]), reading.toRedrive, 1);
    assert.equal(item!.event, undefined);
    assert.equal(item!.skipReason, 'The object as it is now (ETag newer) was published by a later event.');
    const [changedSince] = await logItems(new FakeListing([{ ...current, eTag: 'newest' }]), reading.toRedrive, 1);
    assert.equal((changedSince!.event!['data'] as any).additionalDetails.eTag, 'newest');
  });
});
