import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeEnvelope, type EnvelopeParts } from '../../../src/message/envelope';
import { base64Length } from '../../../src/message/base64';
import { bytesFittingInBase64, messageBytes, SHA256_PLACEHOLDER } from '../../../src/message/size';
import { bytesOf, describeObject, parsedFixture } from '../support/fakes';

/** What the service counts for a message: the serialized value plus the key, in bytes. */
function realMessageBytes(parts: EnvelopeParts, keyBytes: number): number {
  return serializeEnvelope(parts).byteLength + keyBytes;
}

// Names that JSON escapes or encodes in several bytes, where a length estimate would drift.
const NAMES = [
  'hello.txt',
  'café/日本語/😀.txt',
  'quote " backslash \\ tab \t bell \u0007 del \u007f',
  '<script>&amp;\u2028\u2029',
  'x'.repeat(1024),
];

describe('message sizes', () => {
  it('base64Length matches Buffer base64 for every small size', () => {
    for (let size = 0; size <= 100; size++) {
      assert.equal(base64Length(size), Buffer.alloc(size).toString('base64').length, `size ${size}`);
    }
  });

  it('bytesFittingInBase64 answers the largest byte count whose base64 fits', () => {
    for (let room = -5; room <= 100; room++) {
      const bytes = bytesFittingInBase64(room);
      assert.ok(bytes >= 0);
      assert.ok(base64Length(bytes) <= Math.max(room, 0), `room ${room}: ${bytes} bytes do not fit`);
      assert.ok(base64Length(bytes + 1) > room, `room ${room}: ${bytes + 1} bytes would fit too`);
    }
  });

  it('messageBytes equals the real serialized value plus key, for every delivery and many contents', () => {
    const parsed = parsedFixture('createobject-versioned');
    let checked = 0;
    for (const name of NAMES) {
      const object = describeObject(parsed, { name, size: 123_456, contentType: 'application/octet-stream; charset="x"' });
      const shapes: Array<Omit<EnvelopeParts, 'content'>> = [
        { event: parsed.event, rawEvent: parsed.raw, object: { ...object, sha256: SHA256_PLACEHOLDER }, delivery: 'inline' },
        {
          event: parsed.event,
          rawEvent: parsed.raw,
          object,
          delivery: 'chunked',
          chunk: { index: 12, count: 130, offset: 1_234_567, size: 9_999 },
        },
      ];
      for (const shape of shapes) {
        for (const size of [0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 102, 4095, 65_537, 999_999]) {
          for (const keyBytes of [0, 27, 64, 256]) {
            const content = bytesOf(size, size + 1);
            const parts: EnvelopeParts = { ...shape, content };
            assert.equal(messageBytes(shape, keyBytes, size), realMessageBytes(parts, keyBytes), `${name} ${shape.delivery} ${size}+${keyBytes}`);
            checked++;
          }
        }
      }
    }
    assert.equal(checked, NAMES.length * 2 * 14 * 4);
  });

  it('messageBytes ignores any content already in the parts', () => {
    const parsed = parsedFixture('updateobject');
    const parts: EnvelopeParts = { event: parsed.event, rawEvent: parsed.raw, object: describeObject(parsed), delivery: 'inline', content: Buffer.from('ABC') };
    assert.equal(messageBytes(parts, 10, 3), realMessageBytes(parts, 10));
    assert.equal(messageBytes(parts, 10, 6), realMessageBytes({ ...parts, content: Buffer.from('ABCDEF') }, 10));
  });

  it('the placeholder is as wide as a real digest', () => {
    assert.match(SHA256_PLACEHOLDER, /^[0-9a-f]{64}$/);
  });
});
