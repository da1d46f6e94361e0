import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildEnvelope, serializeEnvelope, type EnvelopeParts } from '../../../src/message/envelope';
import { loadEvent } from '../../support/events';
import { describeObject, parsedFixture } from '../support/fakes';

const parsed = parsedFixture('createobject-versioned');
const object = describeObject(parsed, { size: 5, contentType: 'text/csv', sha256: 'a'.repeat(64) });
const base = { event: parsed.event, rawEvent: parsed.raw, object };

describe('buildEnvelope', () => {
  it('builds the CloudEvents 1.0 value of an inline delivery, field by field', () => {
    const envelope = buildEnvelope({ ...base, delivery: 'inline', content: Buffer.from('hello') });
    assert.deepEqual(envelope, {
      specversion: '1.0',
      id: '5d0e7b1c-8a2f-4c3e-9b6d-1f2a3b4c5d6e',
      source: '/n/examplens/b/uploads',
      type: 'com.oraclecloud.objectstorage.createobject',
      subject: 'reports/2026/q4-summary.csv',
      time: '2026-11-20T09:14:03Z',
      datacontenttype: 'application/json',
      data: {
        event: loadEvent('createobject-versioned'),
        object: {
          namespace: 'examplens',
          bucket: 'uploads',
          name: 'reports/2026/q4-summary.csv',
          size: 5,
          contentType: 'text/csv',
          eTag: '0b8f4c7e-2d1a-4e55-b6a3-8f9d0c1e2a34',
          versionId: '7f1c2a9e-3b54-4d7a-9a61-0c2f5b8e4d11',
          sha256: 'a'.repeat(64),
        },
        delivery: 'inline',
        content: 'aGVsbG8=',
      },
    });
  });

  it('forwards the received event untouched, unknown fields included', () => {
    const raw = { ...parsed.raw, schemaURL: null, extra: { nested: ['kept', 1] } };
    const envelope = buildEnvelope({ ...base, rawEvent: raw, delivery: 'inline', content: new Uint8Array(0) });
    assert.deepEqual((envelope['data'] as Record<string, unknown>)['event'], raw);
  });

  it('numbers chunk ids <eventID>/<index> and carries the chunk position', () => {
    const chunk = { index: 3, count: 7, offset: 3000, size: 1000 };
    const envelope = buildEnvelope({ ...base, object: { ...object, sha256: null }, delivery: 'chunked', content: Buffer.from('AAAA', 'base64'), chunk });
    assert.equal(envelope['id'], '5d0e7b1c-8a2f-4c3e-9b6d-1f2a3b4c5d6e/3');
    const data = envelope['data'] as Record<string, any>;
    assert.deepEqual(data['chunk'], chunk);
    assert.equal(data['object']['sha256'], null);
    assert.ok(!('reason' in data));
  });

  for (const delivery of ['reference', 'none'] as const) {
    it(`leaves content and chunk absent (not null) on ${delivery}`, () => {
      const data = buildEnvelope({ ...base, delivery, reason: 'why' })['data'] as Record<string, unknown>;
      assert.ok(!('content' in data));
      assert.ok(!('chunk' in data));
      assert.equal(data['reason'], 'why');
      assert.equal(data['delivery'], delivery);
      assert.ok(!('url' in (data['object'] as object)));
    });
  }

  it('adds data.object.url only when there is one', () => {
    const url = 'https://objectstorage.us-ashburn-1.oraclecloud.com/p/token/n/examplens/b/uploads/o/x';
    const data = buildEnvelope({ ...base, object: { ...object, url }, delivery: 'reference', reason: 'big' })['data'] as Record<string, any>;
    assert.equal(data['object']['url'], url);
  });

  it('keeps unknown object values as null', () => {
    const unknown = describeObject(parsedFixture('deleteobject'));
    const data = buildEnvelope({ ...base, object: unknown, delivery: 'none', reason: 'deleted' })['data'] as Record<string, any>;
    assert.deepEqual(data['object'], {
      namespace: 'examplens',
      bucket: 'uploads',
      name: 'hello.txt',
      size: null,
      contentType: null,
      eTag: null,
      versionId: null,
      sha256: null,
    });
  });

  it('serializes to the UTF-8 JSON of the envelope', () => {
    const parts: EnvelopeParts = { ...base, object: { ...object, name: 'café/日本.txt' }, delivery: 'inline', content: Buffer.from('hi') };
    const value = serializeEnvelope(parts);
    assert.deepEqual(JSON.parse(value.toString('utf8')), buildEnvelope(parts));
    assert.equal(value.byteLength, Buffer.byteLength(JSON.stringify(buildEnvelope(parts)), 'utf8'));
  });
});
