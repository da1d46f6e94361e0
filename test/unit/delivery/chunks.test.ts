import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readChunks, type ChunkSource } from '../../../src/delivery/chunks';
import { ObjectReadError, PermanentRemoteError, TransientRemoteError } from '../../../src/errors';
import type { OpenedObject } from '../../../src/ports';
import { bytesOf, openedObject, seededRandom, type FakeOpenedObject, type OpenedOptions } from '../support/fakes';

const reset = () => new TransientRemoteError('connection reset', { service: 'objectstorage', operation: 'getObject' });

async function collect(source: ChunkSource): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of readChunks(source)) chunks.push(chunk);
  return chunks;
}

/** A source over `bytes` whose reopen serves the rest from the asked offset, as the options say. */
function resumableSource(
  bytes: Buffer,
  chunkSize: number,
  first: OpenedOptions,
  later: (offset: number, attempt: number) => OpenedOptions = () => ({}),
): { source: ChunkSource; reopenedAt: number[]; opened: FakeOpenedObject[] } {
  const reopenedAt: number[] = [];
  const opened: FakeOpenedObject[] = [openedObject(bytes, first)];
  const source: ChunkSource = {
    first: opened[0]!,
    size: bytes.byteLength,
    chunkSize,
    reopen: async (offset) => {
      reopenedAt.push(offset);
      const next = openedObject(bytes.subarray(offset), later(offset, reopenedAt.length));
      opened.push(next);
      return next;
    },
  };
  return { source, reopenedAt, opened };
}

function assertChunking(chunks: Buffer[], bytes: Buffer, chunkSize: number, label: string): void {
  const expectedCount = Math.ceil(bytes.byteLength / chunkSize);
  assert.equal(chunks.length, expectedCount, `${label}: chunk count`);
  chunks.forEach((chunk, index) => {
    const expectedSize = index < expectedCount - 1 ? chunkSize : bytes.byteLength - chunkSize * (expectedCount - 1);
    assert.equal(chunk.byteLength, expectedSize, `${label}: chunk ${index} size`);
  });
  assert.ok(Buffer.concat(chunks).equals(bytes), `${label}: bytes differ`);
}

describe('readChunks', () => {
  it('yields exact chunks for many object sizes, chunk sizes and body piece patterns', async () => {
    const random = seededRandom(42);
    const randomPieces = Array.from({ length: 17 }, () => Math.floor(random() * 300));
    const patterns: Array<[string, number[]]> = [
      ['1-byte pieces', [1]],
      ['5-byte pieces', [5]],
      ['uneven pieces with empty ones', [0, 7, 1, 0, 64, 3]],
      ['random pieces', randomPieces.map((size) => size || 1)],
      ['one piece', [1 << 20]],
    ];
    let runs = 0;
    for (const size of [1, 2, 3, 7, 64, 100, 1000, 4097]) {
      const bytes = bytesOf(size, size);
      for (const chunkSize of [1, 3, 7, 64, 1000, size, size + 5]) {
        for (const [pattern, pieces] of patterns) {
          const first = openedObject(bytes, { pieces });
          const source: ChunkSource = { first, size, chunkSize, reopen: () => assert.fail('reopened without a failure') };
          assertChunking(await collect(source), bytes, chunkSize, `${size} bytes / ${chunkSize} / ${pattern}`);
          assert.equal(first.discards, 1, 'the body is released at the end');
          runs++;
        }
      }
    }
    assert.equal(runs, 8 * 7 * 5);
  });

  it('hands out chunks that later reads do not overwrite', async () => {
    const bytes = bytesOf(1000, 3);
    const chunks = await collect({ first: openedObject(bytes, { pieces: [13] }), size: 1000, chunkSize: 64, reopen: () => assert.fail() });
    assert.ok(Buffer.concat(chunks).equals(bytes));
  });

  it('yields nothing for an empty object', async () => {
    const first = openedObject(Buffer.alloc(0));
    assert.deepEqual(await collect({ first, size: 0, chunkSize: 10, reopen: () => assert.fail() }), []);
    assert.equal(first.discards, 1);
  });

  for (const failAfter of [1, 9, 10, 11, 500, 999]) {
    it(`resumes at byte ${failAfter} after a transient failure mid-body`, async () => {
      const bytes = bytesOf(1000, failAfter);
      const { source, reopenedAt, opened } = resumableSource(bytes, 10, { pieces: [7], failAfter, error: reset() });
      assertChunking(await collect(source), bytes, 10, 'resumed');
      assert.deepEqual(reopenedAt, [failAfter]);
      assert.deepEqual(opened.map((object) => object.discards), [1, 1], 'each opened body released');
    });
  }

  it('resumes a body that ends early, at the offset reached', async () => {
    const bytes = bytesOf(300, 5);
    // The body just stops after 120 bytes, as a connection closed cleanly would.
    const truncated: OpenedObject = { ...openedObject(bytes.subarray(0, 120)), metadata: { size: 300, contentType: null, eTag: null, versionId: null } };
    const reopenedAt: number[] = [];
    const chunks = await collect({
      first: truncated,
      size: 300,
      chunkSize: 50,
      reopen: async (offset) => {
        reopenedAt.push(offset);
        return openedObject(bytes.subarray(offset));
      },
    });
    assertChunking(chunks, bytes, 50, 'ended early');
    assert.deepEqual(reopenedAt, [120]);
  });

  it('survives many failures as long as each attempt makes progress', async () => {
    const bytes = bytesOf(200, 6);
    // Every body serves 15 bytes and then resets.
    const { source, reopenedAt } = resumableSource(bytes, 32, { failAfter: 15, error: reset() }, () => ({ failAfter: 15, error: reset() }));
    assertChunking(await collect(source), bytes, 32, 'flaky');
    assert.deepEqual(reopenedAt, Array.from({ length: 13 }, (_, i) => 15 * (i + 1)));
  });

  it('does not reopen when the body fails after its last byte', async () => {
    const bytes = bytesOf(100, 9);
    const { source, reopenedAt } = resumableSource(bytes, 30, { pieces: [25], failAfter: 100, error: reset() });
    assertChunking(await collect(source), bytes, 30, 'failed at the end');
    assert.deepEqual(reopenedAt, []);
  });

  it('gives up after three consecutive resumes without a new byte', async () => {
    const bytes = bytesOf(100, 7);
    const errors: TransientRemoteError[] = [];
    const { source, reopenedAt, opened } = resumableSource(bytes, 10, { pieces: [4], failAfter: 40, error: reset() }, () => {
      errors.push(reset());
      return { failAfter: 0, error: errors.at(-1) };
    });
    const received: Buffer[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of readChunks(source)) received.push(chunk);
      })(),
      (error) => error === errors.at(-1),
    );
    assert.deepEqual(reopenedAt, [40, 40, 40]);
    assert.equal(Buffer.concat(received).byteLength, 40, 'the chunks before the failure were delivered');
    assert.ok(opened.every((object) => object.discards >= 1));
  });

  it('does not resume after a failure that is not transient', async () => {
    const denied = new PermanentRemoteError('403', { service: 'objectstorage', operation: 'getObject', status: 403 });
    const { source, reopenedAt } = resumableSource(bytesOf(100), 10, { failAfter: 30, error: denied });
    await assert.rejects(collect(source), (error) => error === denied);
    assert.deepEqual(reopenedAt, []);
  });

  it('fails with ObjectReadError when the object is longer than announced', async () => {
    const bytes = bytesOf(101, 8);
    for (const pieces of [[1], [10], [101]]) {
      const first = openedObject(bytes, { pieces });
      await assert.rejects(
        collect({ first, size: 100, chunkSize: 10, reopen: () => assert.fail('an overlong object is not resumed') }),
        (error) => error instanceof ObjectReadError && /more bytes than its announced length/.test(error.message),
      );
      assert.equal(first.discards, 1);
    }
  });

  it('releases the body when the consumer stops early', async () => {
    const first = openedObject(bytesOf(100), { pieces: [10] });
    for await (const chunk of readChunks({ first, size: 100, chunkSize: 10, reopen: () => assert.fail() })) {
      assert.equal(chunk.byteLength, 10);
      break;
    }
    assert.equal(first.discards, 1);
  });
});
