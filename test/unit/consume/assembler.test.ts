import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { Assembler, type ObjectWriter } from '../../../src/consume/assembler';
import { serializeEnvelope, type EnvelopeParts } from '../../../src/message/envelope';
import { bytesOf, describeObject, parsedFixture } from '../support/fakes';

const parsed = parsedFixture('createobject-versioned');
const NAME = parsed.event.data.resourceName;
const EVENT_ID = parsed.event.eventID;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function message(parts: Omit<EnvelopeParts, 'event' | 'rawEvent' | 'object'> & { object?: Partial<EnvelopeParts['object']> }): Buffer {
  return serializeEnvelope({ event: parsed.event, rawEvent: parsed.raw, ...parts, object: describeObject(parsed, parts.object) });
}

function inline(bytes: Buffer, digest = sha256(bytes)): Buffer {
  return message({ delivery: 'inline', content: bytes, object: { size: bytes.byteLength, sha256: digest } });
}

/** The chunk messages a chunked delivery of `bytes` publishes, in order. */
function chunked(bytes: Buffer, chunkSize: number, digest = sha256(bytes)): Buffer[] {
  const count = Math.ceil(bytes.byteLength / chunkSize);
  return Array.from({ length: count }, (_, index) => {
    const piece = bytes.subarray(index * chunkSize, (index + 1) * chunkSize);
    return message({
      delivery: 'chunked',
      content: piece,
      chunk: { index, count, offset: index * chunkSize, size: piece.byteLength },
      object: { size: bytes.byteLength, sha256: index === count - 1 ? digest : null },
    });
  });
}

/** Records what a consumer would write: the bytes of each object and whether it was kept. */
class RecordingWriter implements ObjectWriter {
  readonly parts = new Map<string, Buffer[]>();
  readonly finished: Array<{ name: string; eventId: string; ok: boolean; bytes: Buffer }> = [];

  write(name: string, eventId: string, bytes: Buffer): void {
    const key = `${name}\n${eventId}`;
    this.parts.set(key, [...(this.parts.get(key) ?? []), Buffer.from(bytes)]);
  }

  done(name: string, eventId: string, ok: boolean): void {
    const key = `${name}\n${eventId}`;
    this.finished.push({ name, eventId, ok, bytes: Buffer.concat(this.parts.get(key) ?? []) });
    this.parts.delete(key);
  }
}

async function feed(assembler: Assembler, values: Buffer[]) {
  const results = [];
  for (const value of values) results.push(await assembler.accept(value));
  return results;
}

describe('Assembler', () => {
  it('verifies an inline object and hands it to the writer', async () => {
    const bytes = bytesOf(5_000, 1);
    const writer = new RecordingWriter();
    const result = await new Assembler(writer).accept(inline(bytes));
    assert.deepEqual(result, { kind: 'object', name: NAME, eventId: EVENT_ID, delivery: 'inline', size: 5_000, sha256: sha256(bytes), verified: true });
    assert.equal(writer.finished.length, 1);
    assert.ok(writer.finished[0]!.ok);
    assert.ok(writer.finished[0]!.bytes.equals(bytes));
  });

  it('does not verify an inline object whose sha256 does not match', async () => {
    const bytes = bytesOf(100, 2);
    const writer = new RecordingWriter();
    const result = await new Assembler(writer).accept(inline(bytes, sha256(Buffer.from('something else'))));
    assert.equal(result.kind === 'object' && result.verified, false);
    assert.equal(writer.finished[0]!.ok, false);
  });

  for (const [size, chunkSize] of [
    [10, 10],
    [10_000, 999],
    [10_002, 3_334],
    [1, 1],
  ] as const) {
    it(`reassembles ${size} bytes sent in ${chunkSize}-byte chunks and checks the sha256`, async () => {
      const bytes = bytesOf(size, size);
      const writer = new RecordingWriter();
      const assembler = new Assembler(writer);
      const results = await feed(assembler, chunked(bytes, chunkSize));
      const count = Math.ceil(size / chunkSize);
      results.slice(0, -1).forEach((result, index) => assert.deepEqual(result, { kind: 'chunk', name: NAME, eventId: EVENT_ID, index, count }));
      assert.deepEqual(results.at(-1), { kind: 'object', name: NAME, eventId: EVENT_ID, delivery: 'chunked', size, sha256: sha256(bytes), verified: true });
      assert.deepEqual(writer.finished.map((f) => f.ok), [true]);
      assert.ok(writer.finished[0]!.bytes.equals(bytes));
      assert.deepEqual(assembler.incomplete(), []);
    });
  }

  it('does not verify chunks whose joined bytes differ from the last chunk sha256', async () => {
    const bytes = bytesOf(3_000, 3);
    const writer = new RecordingWriter();
    const results = await feed(new Assembler(writer), chunked(bytes, 1_000, sha256(bytesOf(3_000, 4))));
    const last = results.at(-1)!;
    assert.ok(last.kind === 'object');
    assert.equal(last.verified, false);
    assert.equal(last.sha256, sha256(bytes));
    assert.deepEqual(writer.finished.map((f) => f.ok), [false]);
  });

  it('skips redelivered chunks, keeping the object intact', async () => {
    const bytes = bytesOf(5_000, 5);
    const [c0, c1, c2, c3, c4] = chunked(bytes, 1_000) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    const writer = new RecordingWriter();
    // At-least-once: a chunk re-sent after a lost acknowledgement follows its first copy.
    const results = await feed(new Assembler(writer), [c0, c0, c1, c2, c2, c1, c3, c4, c4]);
    const objects = results.filter((result) => result.kind === 'object');
    assert.equal(objects.length, 1);
    assert.ok(objects[0]!.kind === 'object' && objects[0]!.verified);
    const kept = writer.finished.filter((f) => f.ok);
    assert.equal(kept.length, 1);
    assert.ok(kept[0]!.bytes.equals(bytes), 'the kept object has each chunk once');
  });

  it('rebuilds an object whose delivery is replayed from the start after stopping part-way', async () => {
    const bytes = bytesOf(4_000, 6);
    const chunks = chunked(bytes, 1_000);
    const writer = new RecordingWriter();
    const assembler = new Assembler(writer);
    await feed(assembler, chunks.slice(0, 2));
    assert.deepEqual(assembler.incomplete(), [EVENT_ID]);
    const results = await feed(assembler, chunks);
    assert.ok(results.at(-1)!.kind === 'object');
    assert.deepEqual(writer.finished.filter((f) => f.ok).map((f) => f.bytes.equals(bytes)), [true]);
    assert.deepEqual(assembler.incomplete(), []);
  });

  it('reports chunks out of order as broken and drops the partial object', async () => {
    const bytes = bytesOf(4_000, 7);
    const [c0, c1, c2, c3] = chunked(bytes, 1_000) as [Buffer, Buffer, Buffer, Buffer];
    const writer = new RecordingWriter();
    const assembler = new Assembler(writer);
    const results = await feed(assembler, [c0, c2, c1, c3]);
    assert.deepEqual(results[1], { kind: 'broken', name: NAME, eventId: EVENT_ID, problem: 'expected chunk 1 at offset 1000, got 2 at 2000' });
    assert.ok(results.every((result) => result.kind !== 'object'));
    assert.deepEqual(writer.finished.map((f) => f.ok), [false]);
    assert.deepEqual(assembler.incomplete(), []);
  });

  it('reports a chunk whose content does not match its announced size as broken', async () => {
    const bytes = bytesOf(2_000, 8);
    const lying = message({
      delivery: 'chunked',
      content: bytes.subarray(0, 999),
      chunk: { index: 0, count: 2, offset: 0, size: 1_000 },
      object: { size: 2_000 },
    });
    assert.equal((await new Assembler().accept(lying)).kind, 'broken');
  });

  it('keeps objects of different events apart', async () => {
    const a = bytesOf(2_000, 9);
    const b = bytesOf(2_000, 10);
    const other = parsedFixture('updateobject');
    const [a0, a1] = chunked(a, 1_000) as [Buffer, Buffer];
    const [b0, b1] = chunked(b, 1_000).map((value) => {
      const json = JSON.parse(value.toString('utf8'));
      json.id = json.id.replace(EVENT_ID, other.event.eventID);
      return Buffer.from(JSON.stringify(json));
    }) as [Buffer, Buffer];
    const writer = new RecordingWriter();
    await feed(new Assembler(writer), [a0, b0, a1, b1]);
    assert.deepEqual(
      writer.finished.map((f) => [f.eventId, f.ok, f.bytes.equals(f.eventId === EVENT_ID ? a : b)]),
      [
        [EVENT_ID, true, true],
        [other.event.eventID, true, true],
      ],
    );
  });

  it('passes references and deletions through as pointers', async () => {
    const assembler = new Assembler();
    assert.deepEqual(await assembler.accept(message({ delivery: 'reference', reason: 'too big' })), {
      kind: 'pointer',
      name: NAME,
      eventId: EVENT_ID,
      delivery: 'reference',
      reason: 'too big',
    });
    assert.equal((await assembler.accept(message({ delivery: 'none', reason: 'deleted' }))).kind, 'pointer');
  });

  for (const delivery of ['reference', 'none'] as const) {
    it(`drops the partial object when a ${delivery} message follows some of its chunks`, async () => {
      const bytes = bytesOf(4_000, 11);
      const writer = new RecordingWriter();
      const assembler = new Assembler(writer);
      await feed(assembler, chunked(bytes, 1_000).slice(0, 2));
      assert.equal(writer.finished.length, 0, 'nothing finished while chunks are arriving');

      const result = await assembler.accept(message({ delivery, reason: 'delivery stopped' }));

      assert.deepEqual(result, { kind: 'pointer', name: NAME, eventId: EVENT_ID, delivery, reason: 'delivery stopped' });
      assert.deepEqual(writer.finished.map((f) => [f.name, f.eventId, f.ok, f.bytes.byteLength]), [[NAME, EVENT_ID, false, 2_000]]);
      assert.deepEqual([...writer.parts.keys()], [], 'no partial bytes are left behind');
      assert.deepEqual(assembler.incomplete(), []);
    });
  }

  it('tells the writer nothing about a reference with no chunks in progress', async () => {
    const writer = new RecordingWriter();
    await new Assembler(writer).accept(message({ delivery: 'reference', reason: 'too big' }));
    assert.deepEqual(writer.finished, []);
  });

  for (const [what, value] of [
    ['not JSON', Buffer.from('plain text')],
    ['JSON of another shape', Buffer.from('{"hello":"world"}')],
    ['an unknown delivery', Buffer.from(JSON.stringify({ id: 'x', subject: 'y', data: { object: { name: 'y', size: 1, sha256: null }, delivery: 'carrier-pigeon' } }))],
  ] as const) {
    it(`reports ${what} as broken`, async () => {
      assert.deepEqual(await new Assembler().accept(value), { kind: 'broken', name: '?', eventId: '?', problem: 'not a fn-streaming message' });
    });
  }

  it('reports a chunked message without data.chunk as broken', async () => {
    const value = message({ delivery: 'chunked', content: Buffer.from('AAAA', 'base64'), object: { size: 3 } });
    assert.equal((await new Assembler().accept(value)).kind, 'broken');
  });

  describe('with a largest object to write', () => {
    it('an inline object over it is verified, not written, and said', async () => {
      const bytes = bytesOf(5_000, 7);
      const writer = new RecordingWriter();
      const assembler = new Assembler(writer, { maxObjectBytes: 4_999 });
      const result = await assembler.accept(inline(bytes));
      assert.deepEqual(result, { kind: 'object', name: NAME, eventId: EVENT_ID, delivery: 'inline', size: 5_000, sha256: sha256(bytes), verified: true, notWritten: 'not written: 5000 bytes is over the largest object to write (4999 bytes)' });
      assert.deepEqual(writer.finished, []);
      assert.equal(writer.parts.size, 0);
      const written = new RecordingWriter();
      const atTheBound = await new Assembler(written, { maxObjectBytes: 5_000 }).accept(inline(bytes));
      assert.equal(atTheBound.kind === 'object' && atTheBound.notWritten, undefined);
      assert.ok(written.finished[0]!.bytes.equals(bytes));
    });

    it('a chunked object declared over it writes no chunk, and is still checked whole', async () => {
      const bytes = bytesOf(10_000, 8);
      const writer = new RecordingWriter();
      const results = await feed(new Assembler(writer, { maxObjectBytes: 9_999 }), chunked(bytes, 3_000));
      const last = results.at(-1)!;
      assert.equal(last.kind, 'object');
      assert.equal(last.kind === 'object' && last.verified, true);
      assert.match(last.kind === 'object' ? (last.notWritten ?? '') : '', /^not written: 10000 bytes is over the largest object to write \(9999 bytes\)$/);
      assert.equal(writer.parts.size, 0, 'no chunk was written');
      assert.deepEqual(writer.finished, []);
    });

    it('chunks adding up to more than their message declared stop being written, and what was written is dropped', async () => {
      const bytes = bytesOf(10_000, 9);
      const writer = new RecordingWriter();
      // Each chunk declares a 5,000-byte object; the chunks carry 10,000.
      const lying = chunked(bytes, 3_000).map((value) => {
        const json = JSON.parse(value.toString('utf8'));
        json.data.object.size = 5_000;
        return Buffer.from(JSON.stringify(json));
      });
      const results = await feed(new Assembler(writer, { maxObjectBytes: 5_000 }), lying);
      const last = results.at(-1)!;
      assert.equal(last.kind === 'object' && last.verified, false);
      assert.match(last.kind === 'object' ? (last.notWritten ?? '') : '', /^not written: 6000 bytes/);
      assert.deepEqual(writer.finished.map((f) => [f.ok, f.bytes.byteLength]), [[false, 3_000]], 'the part file of the first chunk was dropped');
    });
  });

  it('abandons objects whose chunks stopped coming: their partial files go', async () => {
    const bytes = bytesOf(10_000, 10);
    const writer = new RecordingWriter();
    const assembler = new Assembler(writer);
    await feed(assembler, chunked(bytes, 3_000).slice(0, 2));
    assert.deepEqual(await assembler.abandon(), [EVENT_ID]);
    assert.deepEqual(writer.finished.map((f) => [f.name, f.ok, f.bytes.byteLength]), [[NAME, false, 6_000]]);
    assert.deepEqual(assembler.incomplete(), []);
  });
});
