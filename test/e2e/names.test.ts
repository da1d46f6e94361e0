import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { AWKWARD_NAMES } from '../support/names';
import { expectPublished } from './support/stream-expect';
import { worldForSuite } from './support/suite';

const suite = worldForSuite(() => ({}));

/** `examplens/uploads/` is 18 bytes, so a name of 238 UTF-8 bytes makes a 256-byte key path. */
const PREFIX_BYTES = Buffer.byteLength('examplens/uploads/');

/** Uploads `name`, fires its create event, and checks the name survived the round trip everywhere. */
async function roundTrip(name: string): Promise<Record<string, any>> {
  const content = markedContent(100 + Buffer.byteLength(name));
  const { eTag } = suite.world.upload(name, content);
  const event = suite.world.eventFor('createobject-unversioned', { name, eTag });
  const { answer, reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content, event });
  const { value } = reading.messages[0]!;
  assert.equal(value.subject, name);
  assert.equal(value.data.object.name, name);
  const reads = reading.requests.filter((r) => r.operation === 'getObject');
  assert.equal(reads.length, 1);
  assert.ok(reads[0]!.signatureValid, 'the signed path matches the path sent');
  return answer;
}

describe('object names reach the stream unchanged, keyed by their path', () => {
  const names = AWKWARD_NAMES;
  for (const name of names) {
    test(JSON.stringify(name), async () => {
      const answer = await roundTrip(name);
      assert.equal(answer.key, `examplens/uploads/${name}`);
    });
  }
});

describe('the 256-byte key limit counts UTF-8 bytes', () => {
  function hashedKey(name: string): string {
    return createHash('sha256').update(Buffer.from(`examplens/uploads/${name}`, 'utf8')).digest('hex');
  }

  test('a key path of exactly 256 bytes (multi-byte characters) is kept as is', async () => {
    const name = 'é'.repeat((256 - PREFIX_BYTES) / 2);
    assert.equal(PREFIX_BYTES + Buffer.byteLength(name), 256);
    const answer = await roundTrip(name);
    assert.equal(answer.key, `examplens/uploads/${name}`);
  });

  test('a key path of 257 bytes (only 138 characters) is replaced by its sha256 hex', async () => {
    const name = `${'é'.repeat((256 - PREFIX_BYTES) / 2)}x`;
    assert.equal(PREFIX_BYTES + Buffer.byteLength(name), 257);
    const answer = await roundTrip(name);
    assert.equal(answer.key, hashedKey(name));
    assert.match(answer.key, /^[0-9a-f]{64}$/);
  });

  test('a name of the maximum 1024 UTF-8 bytes is read and keyed by its hash', async () => {
    const name = `${'日'.repeat(341)}x`;
    assert.equal(Buffer.byteLength(name), 1024);
    const answer = await roundTrip(name);
    assert.equal(answer.key, hashedKey(name));
  });
});
