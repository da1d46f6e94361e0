import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { planDelivery, type DeliveryPlan, type PlanInput } from '../../../src/delivery/plan';
import type { ParsedEvent } from '../../../src/event/parse';
import { serializeEnvelope } from '../../../src/message/envelope';
import { messageKey } from '../../../src/message/key';
import { bytesOf, describeObject, parsedFixture } from '../support/fakes';

const DEFAULT_MAX_OBJECT = 67_108_864;

interface Case {
  parsed: ParsedEvent;
  size: number;
  maxMessageBytes: number;
  maxObjectBytes?: number;
}

function inputFor({ parsed, size, maxMessageBytes, maxObjectBytes = DEFAULT_MAX_OBJECT }: Case): PlanInput {
  const object = describeObject(parsed, { size, contentType: 'application/octet-stream', eTag: 'etag-1' });
  return {
    size,
    parts: { event: parsed.event, rawEvent: parsed.raw, object },
    keyBytes: messageKey(object).byteLength,
    maxMessageBytes,
    maxObjectBytes,
  };
}

function plan(testCase: Case): DeliveryPlan {
  return planDelivery(inputFor(testCase));
}

/** The real inline message for `bytes`, value plus key, as the delivery will send it. */
function realInlineBytes(input: PlanInput, bytes: Buffer): number {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const value = serializeEnvelope({ ...input.parts, object: { ...input.parts.object, sha256 }, delivery: 'inline', content: bytes });
  return value.byteLength + input.keyBytes;
}

/**
 * Builds every chunk message of a chunked plan as the delivery does (sha256 only on the last)
 * and answers each one's value-plus-key size. Content bytes do not change a base64 length,
 * so one full-size and one last-size content stand for all.
 */
function realChunkSizes(input: PlanInput, chunkSize: number, count: number): number[] {
  const full = Buffer.alloc(chunkSize, 0xab);
  const lastSize = input.size - (count - 1) * chunkSize;
  const last = Buffer.alloc(lastSize, 0xcd);
  const sizes: number[] = [];
  for (let index = 0; index < count; index++) {
    const isLast = index === count - 1;
    const value = serializeEnvelope({
      ...input.parts,
      object: { ...input.parts.object, sha256: isLast ? 'f'.repeat(64) : null },
      delivery: 'chunked',
      content: isLast ? last : full,
      chunk: { index, count, offset: index * chunkSize, size: isLast ? lastSize : chunkSize },
    });
    sizes.push(value.byteLength + input.keyBytes);
  }
  return sizes;
}

const versioned = parsedFixture('createobject-versioned');
const unicode = parsedFixture('createobject-unversioned', {
  namespace: 'examplens',
  bucket: 'uploads',
  name: `données/${'日本語'.repeat(40)}/"quoted"\\file 😀.bin`,
  eTag: 'c3d9e1f0-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
});

describe('planDelivery', () => {
  describe('inline', () => {
    for (const [label, parsed] of [['ascii name', versioned], ['long unicode name, hashed key', unicode]] as const) {
      for (const size of [0, 1, 2, 3, 1000, 4097, 50_000, 999_000]) {
        it(`${label}, ${size} bytes: inline exactly at the budget, not one byte under it`, () => {
          const roomy = plan({ parsed, size, maxMessageBytes: 2_000_000 });
          assert.equal(roomy.delivery, 'inline');
          const exact = roomy.delivery === 'inline' ? roomy.messageBytes : assert.fail('not inline');

          const input = inputFor({ parsed, size, maxMessageBytes: exact });
          assert.equal(exact, realInlineBytes(input, bytesOf(size, size)), 'the planned size is the real size');
          assert.deepEqual(planDelivery(input), { delivery: 'inline', messageBytes: exact });

          const tight = plan({ parsed, size, maxMessageBytes: exact - 1 });
          assert.notEqual(tight.delivery, 'inline');
          if (size >= 1000) {
            assert.equal(tight.delivery, 'chunked');
            assert.equal(tight.delivery === 'chunked' && tight.count, 2);
          }
        });
      }
    }

    it('uses the configured key length', () => {
      const input = inputFor({ parsed: versioned, size: 10, maxMessageBytes: 1_000_000 });
      const withKey = planDelivery(input);
      const longerKey = planDelivery({ ...input, keyBytes: input.keyBytes + 7 });
      assert.ok(withKey.delivery === 'inline' && longerKey.delivery === 'inline');
      assert.equal(longerKey.messageBytes - withKey.messageBytes, 7);
    });
  });

  describe('chunked', () => {
    const cases: Array<[string, ParsedEvent, number, number]> = [
      ['small budget', versioned, 10_000, 4_096],
      ['small budget, unicode name', unicode, 99_999, 4_096],
      ['budget not a multiple of 4', versioned, 123_457, 5_003],
      // 748,758-byte chunks: the last one is full and carries the digest, the heaviest message.
      ['exact multiple of the chunk size', versioned, 4 * 748_758, 1_000_000],
      ['default budget', versioned, 1_000_001, 1_000_000],
      ['default budget, unicode name', unicode, 5_000_001, 1_000_000],
      ['largest default object, default budget', versioned, DEFAULT_MAX_OBJECT, 1_000_000],
      ['largest default object, small budget', unicode, DEFAULT_MAX_OBJECT, 8_192],
    ];
    for (const [label, parsed, size, maxMessageBytes] of cases) {
      it(`${label}: ${size} bytes in ${maxMessageBytes}-byte messages, every chunk message within budget`, () => {
        const input = inputFor({ parsed, size, maxMessageBytes });
        const result = planDelivery(input);
        if (result.delivery !== 'chunked') assert.fail(`planned ${result.delivery}`);
        const { chunkSize, count } = result;
        assert.ok(chunkSize > 0);
        assert.equal(chunkSize % 3, 0, 'whole base64 quanta');
        assert.equal(count, Math.ceil(size / chunkSize));
        if (label.startsWith('exact multiple')) assert.equal(size % chunkSize, 0, 'the case no longer has a full last chunk');

        const sizes = realChunkSizes(input, chunkSize, count);
        const heaviest = Math.max(...sizes);
        assert.ok(heaviest <= maxMessageBytes, `a chunk message of ${heaviest} bytes exceeds ${maxMessageBytes}`);
        // As large as the budget allows: what is left over is the base64 quantum plus the width
        // reserved for numbers and the digest, never more.
        const reserve = 3 + 66 + 4 * String(size).length;
        assert.ok(maxMessageBytes - heaviest <= reserve, `${maxMessageBytes - heaviest} bytes of the budget unused`);

        const total = sizes.reduce((sum, bytes) => sum + bytes, 0);
        assert.ok(result.totalMessageBytes >= total, 'the pacing estimate never under-counts');
        assert.ok(result.totalMessageBytes - total <= count * reserve);
      });
    }
  });

  describe('reference', () => {
    it('sends objects above MAX_OBJECT_BYTES by reference, and one at the limit as content', () => {
      const over = plan({ parsed: versioned, size: 2_000_001, maxMessageBytes: 1_000_000, maxObjectBytes: 2_000_000 });
      assert.deepEqual(over, {
        delivery: 'reference',
        reason: 'The object is 2000001 bytes, over MAX_OBJECT_BYTES (2000000); read it from Object Storage.',
      });
      assert.equal(plan({ parsed: versioned, size: 2_000_000, maxMessageBytes: 1_000_000, maxObjectBytes: 2_000_000 }).delivery, 'chunked');
    });

    it('applies MAX_OBJECT_BYTES to objects small enough to go inline', () => {
      assert.equal(plan({ parsed: versioned, size: 100, maxMessageBytes: 1_000_000, maxObjectBytes: 99 }).delivery, 'reference');
      assert.equal(plan({ parsed: versioned, size: 100, maxMessageBytes: 1_000_000, maxObjectBytes: 100 }).delivery, 'inline');
      assert.equal(plan({ parsed: versioned, size: 1, maxMessageBytes: 1_000_000, maxObjectBytes: 0 }).delivery, 'reference');
      assert.equal(plan({ parsed: versioned, size: 0, maxMessageBytes: 1_000_000, maxObjectBytes: 0 }).delivery, 'inline');
    });

    it('falls back to a reference when the event leaves no room for content', () => {
      const padded = { ...versioned, raw: { ...versioned.raw, padding: 'x'.repeat(5_000) } };
      const result = plan({ parsed: padded, size: 10_000, maxMessageBytes: 4_096 });
      assert.deepEqual(result, {
        delivery: 'reference',
        reason: "MAX_MESSAGE_BYTES (4096) leaves no room for content beside this event's envelope; read the object from Object Storage.",
      });
    });

    it('chunks 3 bytes at a time at the smallest workable budget, and gives up one byte below it', () => {
      const size = 10_000;
      const chunkedAt = (budget: number) => plan({ parsed: versioned, size, maxMessageBytes: budget }).delivery === 'chunked';
      let low = 1;
      let high = 8_000; // below the inline size of 10,000 bytes
      assert.ok(chunkedAt(high) && !chunkedAt(low));
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (chunkedAt(middle)) high = middle;
        else low = middle;
      }
      const smallest = plan({ parsed: versioned, size, maxMessageBytes: high });
      assert.ok(smallest.delivery === 'chunked');
      assert.equal(smallest.chunkSize, 3);
      assert.equal(smallest.count, Math.ceil(size / 3));
      assert.match(JSON.stringify(plan({ parsed: versioned, size, maxMessageBytes: low })), /leaves no room for content/);
      const input = inputFor({ parsed: versioned, size, maxMessageBytes: high });
      assert.ok(Math.max(...realChunkSizes(input, 3, smallest.count)) <= high);
    });
  });
});
