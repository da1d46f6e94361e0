import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logItems, readFunctionLog } from '../../../src/replay/logSource';
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
      reading.failed.map((f) => [f.namespace, f.bucket, f.name, f.eventType.split('.').pop(), f.eventId]),
      [
        ['ns', 'b', 'two words.txt', 'createobject', 'e1'],
        ['ns', 'b', 'a/one.txt', 'deleteobject', 'e9'],
      ],
    );
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
    const items = await logItems(listing, reading.failed, 2);
    assert.deepEqual(listing.asked.sort(), ['gone.txt', 'here.txt']);
    assert.equal(items[0]!.id, replayEventId({ namespace: 'ns', bucket: 'b' }, 'here.txt', 'now'));
    assert.equal((items[0]!.event!['data'] as any).additionalDetails.eTag, 'now');
    assert.equal(items[1]!.event, undefined);
    assert.match(items[1]!.skipReason!, /no longer exists/);
    assert.equal(items[2]!.event!['eventType'], 'com.oraclecloud.objectstorage.deleteobject');
  });
});
