import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEvent } from '../../../src/event/parse';
import { v5 } from 'uuid';
import { replayCreateEvent, replayDeleteEvent, replayEventId } from '../../../src/replay/replayEvent';

const WHERE = { namespace: 'examplens', bucket: 'uploads' };
const LISTED = { name: 'a/b c+d.txt', size: 12, eTag: 'etag-1', timeModified: new Date('2026-11-20T09:15:41.118Z'), archivalState: null };

describe('replayed events', () => {
  test('name-based UUIDs follow RFC 4122 version 5 (the DNS example)', () => {
    assert.equal(v5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  test('the ids are those earlier runs recorded in their state files (the hand-written v5 gave these)', () => {
    assert.equal(replayEventId(WHERE, LISTED.name, LISTED.eTag), 'eb8a96df-48cf-5e76-bd2b-21b9ecbc9659');
    assert.equal(replayDeleteEvent({ namespace: 'examplens', bucket: 'uploads' }, 'x', 'e1', 't')['eventID'], 'b933d98b-b6f3-54d8-8c76-b437ffa11655');
  });

  test('the id depends on namespace, bucket, name and ETag only', () => {
    const id = replayEventId(WHERE, LISTED.name, LISTED.eTag);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(replayEventId({ ...WHERE }, LISTED.name, LISTED.eTag), id);
    assert.notEqual(replayEventId(WHERE, LISTED.name, 'etag-2'), id);
    assert.notEqual(replayEventId({ ...WHERE, bucket: 'other' }, LISTED.name, LISTED.eTag), id);
    assert.notEqual(replayEventId(WHERE, 'a/b c+d.tx', `t${LISTED.eTag}`), id, 'fields cannot run into each other');
  });

  test('a create event the function accepts unchanged, pinned to the ETag, marked as a replay, the same every time', () => {
    const event = replayCreateEvent(WHERE, LISTED);
    const { event: parsed, raw } = parseEvent(JSON.stringify(event));
    assert.equal(parsed.eventType, 'com.oraclecloud.objectstorage.createobject');
    assert.equal(parsed.eventID, replayEventId(WHERE, LISTED.name, LISTED.eTag));
    assert.equal(parsed.eventTime, '2026-11-20T09:15:41.118Z');
    assert.deepEqual(parsed.data.additionalDetails, { namespace: 'examplens', bucketName: 'uploads', eTag: 'etag-1', archivalState: 'Available' });
    assert.equal(parsed.data.resourceName, LISTED.name);
    assert.deepEqual(raw['extensions'], { replay: true });
    assert.deepEqual(replayCreateEvent(WHERE, { ...LISTED }), event);
  });

  test('archived objects say so, so the function sends a reference without reading', () => {
    const event = replayCreateEvent(WHERE, { ...LISTED, archivalState: 'Archived' });
    assert.equal(parseEvent(JSON.stringify(event)).event.data.additionalDetails.archivalState, 'Archived');
  });

  test('a delete event again has no ETag, and an id that follows the original event', () => {
    const event = replayDeleteEvent(WHERE, 'gone.txt', 'orig-1', '2026-11-20T10:00:00.000Z');
    const { event: parsed } = parseEvent(JSON.stringify(event));
    assert.equal(parsed.eventType, 'com.oraclecloud.objectstorage.deleteobject');
    assert.equal(parsed.data.additionalDetails.eTag, undefined);
    assert.equal(replayDeleteEvent(WHERE, 'gone.txt', 'orig-1', 'x')['eventID'], parsed.eventID);
    assert.notEqual(replayDeleteEvent(WHERE, 'gone.txt', 'orig-2', 'x')['eventID'], parsed.eventID);
  });
});
