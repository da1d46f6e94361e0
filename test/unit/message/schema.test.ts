import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildEnvelope, serializeEnvelope, type EnvelopeParts } from '../../../src/message/envelope';
import { assertContractMessage } from '../../support/contract';
import { bytesOf, describeObject, parsedFixture } from '../support/fakes';

const parsed = parsedFixture('createobject-versioned');
const bytes = bytesOf(3_000, 1);
const digest = createHash('sha256').update(bytes).digest('hex');
const object = describeObject(parsed, { size: bytes.byteLength, contentType: 'text/csv' });
const base = { event: parsed.event, rawEvent: parsed.raw };

/** One message of each kind, as the deliveries build them. */
const VALID: Record<string, EnvelopeParts> = {
  inline: { ...base, object: { ...object, sha256: digest }, delivery: 'inline', content: bytes },
  'inline, empty object': { ...base, object: { ...object, size: 0, sha256: createHash('sha256').digest('hex') }, delivery: 'inline', content: new Uint8Array(0) },
  'first chunk': {
    ...base,
    object: { ...object, sha256: null },
    delivery: 'chunked',
    content: bytes.subarray(0, 1_000),
    chunk: { index: 0, count: 3, offset: 0, size: 1_000 },
  },
  'last chunk': {
    ...base,
    object: { ...object, sha256: digest },
    delivery: 'chunked',
    content: bytes.subarray(2_000),
    chunk: { index: 2, count: 3, offset: 2_000, size: 1_000 },
  },
  reference: { ...base, object: { ...object, sha256: null }, delivery: 'reference', reason: 'The object is too large.' },
  'reference with a URL': {
    ...base,
    object: { ...object, sha256: null, url: 'https://objectstorage.us-ashburn-1.oraclecloud.com/p/abc/n/examplens/b/uploads/o/x' },
    delivery: 'reference',
    reason: 'The object is too large.',
  },
  'reference before reading': { ...base, object: describeObject(parsed), delivery: 'reference', reason: 'The object is archived.' },
  none: { ...base, object: describeObject(parsedFixture('deleteobject')), delivery: 'none', reason: 'The object was deleted.' },
};

type Json = Record<string, any>;

/** A valid message changed by `edit`, as raw bytes. */
function broken(kind: keyof typeof VALID, edit: (message: Json) => void): Buffer {
  const message = structuredClone(buildEnvelope(VALID[kind]!)) as Json;
  edit(message);
  return Buffer.from(JSON.stringify(message));
}

describe('stream-message.schema.json', () => {
  for (const [kind, parts] of Object.entries(VALID)) {
    it(`accepts a ${kind} message from buildEnvelope`, () => {
      const value = assertContractMessage(serializeEnvelope(parts));
      assert.equal(value['data']['delivery'], parts.delivery);
    });
  }

  const BROKEN: Array<[string, Buffer]> = [
    ['inline without content', broken('inline', (m) => delete m['data']['content'])],
    ['inline with null content', broken('inline', (m) => (m['data']['content'] = null))],
    ['inline without sha256', broken('inline', (m) => (m['data']['object']['sha256'] = null))],
    ['inline with a reason', broken('inline', (m) => (m['data']['reason'] = 'why'))],
    ['inline with a chunk', broken('inline', (m) => (m['data']['chunk'] = { index: 0, count: 1, offset: 0, size: 3_000 }))],
    ['a chunk without content', broken('first chunk', (m) => delete m['data']['content'])],
    ['a chunk without its position', broken('first chunk', (m) => delete m['data']['chunk'])],
    ['a chunk of size 0', broken('first chunk', (m) => (m['data']['chunk']['size'] = 0))],
    ['a chunk with a negative index', broken('first chunk', (m) => (m['data']['chunk']['index'] = -1))],
    ['a chunk with an extra position field', broken('first chunk', (m) => (m['data']['chunk']['total'] = 3))],
    ['a chunk with a reason', broken('last chunk', (m) => (m['data']['reason'] = 'why'))],
    ['an uppercase sha256', broken('last chunk', (m) => (m['data']['object']['sha256'] = digest.toUpperCase()))],
    ['a short sha256', broken('inline', (m) => (m['data']['object']['sha256'] = digest.slice(1)))],
    ['a non-hex sha256', broken('inline', (m) => (m['data']['object']['sha256'] = 'g'.repeat(64)))],
    ['content that is not base64', broken('inline', (m) => (m['data']['content'] = 'not base64!'))],
    ['a reference with content', broken('reference', (m) => (m['data']['content'] = 'AAAA'))],
    ['a reference without a reason', broken('reference', (m) => delete m['data']['reason'])],
    ['a reference with an empty reason', broken('reference', (m) => (m['data']['reason'] = ''))],
    ['a reference whose url is not a URL', broken('reference', (m) => (m['data']['object']['url'] = 'not a url'))],
    ['none without a reason', broken('none', (m) => delete m['data']['reason'])],
    ['an unknown delivery', broken('none', (m) => (m['data']['delivery'] = 'later'))],
    ['no specversion', broken('inline', (m) => delete m['specversion'])],
    ['specversion 0.1', broken('inline', (m) => (m['specversion'] = '0.1'))],
    ['a source not of the form /n/<ns>/b/<bucket>', broken('inline', (m) => (m['source'] = 'ObjectStorage'))],
    ['an unknown type', broken('inline', (m) => (m['type'] = 'com.oraclecloud.computeapi.launchinstance.end'))],
    ['a time that is not a date-time', broken('inline', (m) => (m['time'] = 'yesterday'))],
    ['a missing data.object.eTag', broken('inline', (m) => delete m['data']['object']['eTag'])],
    ['a string size', broken('inline', (m) => (m['data']['object']['size'] = '3000'))],
    ['a missing data.event', broken('none', (m) => delete m['data']['event'])],
  ];
  for (const [what, value] of BROKEN) {
    it(`rejects ${what}`, () => {
      assert.throws(() => assertContractMessage(value), /violates stream-message\.schema\.json/);
    });
  }
});
