import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { MAX_KEY_BYTES, messageKey } from '../../../src/message/key';

const NS = 'examplens';
const BUCKET = 'uploads';
const PREFIX_BYTES = Buffer.byteLength(`${NS}/${BUCKET}/`);

function keyFor(name: string): Buffer {
  return messageKey({ namespace: NS, bucket: BUCKET, name });
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

describe('messageKey', () => {
  it('is the UTF-8 path for a short name', () => {
    assert.deepEqual(keyFor('hello.txt'), Buffer.from('examplens/uploads/hello.txt'));
  });

  it(`keeps a path of exactly ${MAX_KEY_BYTES} bytes`, () => {
    const name = 'n'.repeat(MAX_KEY_BYTES - PREFIX_BYTES);
    const key = keyFor(name);
    assert.equal(key.byteLength, 256);
    assert.equal(key.toString('utf8'), `${NS}/${BUCKET}/${name}`);
  });

  it(`hashes a path of ${MAX_KEY_BYTES + 1} bytes to the lowercase hex SHA-256 of the path`, () => {
    const name = 'n'.repeat(MAX_KEY_BYTES + 1 - PREFIX_BYTES);
    const path = `${NS}/${BUCKET}/${name}`;
    assert.equal(Buffer.byteLength(path), 257);
    const key = keyFor(name);
    assert.equal(key.byteLength, 64);
    assert.equal(key.toString('utf8'), sha256Hex(path));
    assert.match(key.toString('utf8'), /^[0-9a-f]{64}$/);
  });

  it('counts multi-byte characters in bytes, not characters', () => {
    // 'é' is 2 bytes, '日' 3 and '😀' 4 (two UTF-16 units): pad the name to exactly 256 bytes.
    for (const char of ['é', '日', '😀']) {
      const charBytes = Buffer.byteLength(char);
      const room = MAX_KEY_BYTES - PREFIX_BYTES;
      const name = char.repeat(Math.floor(room / charBytes)) + 'x'.repeat(room % charBytes);
      assert.equal(Buffer.byteLength(`${NS}/${BUCKET}/${name}`), 256);
      assert.equal(keyFor(name).toString('utf8'), `${NS}/${BUCKET}/${name}`, `256 bytes of ${char} kept`);

      const longer = name + char;
      const path = `${NS}/${BUCKET}/${longer}`;
      assert.ok(Buffer.byteLength(path) > 256);
      assert.ok(path.length <= 256, `${char}: short in characters, long in bytes`);
      assert.equal(keyFor(longer).toString('utf8'), sha256Hex(path), `over 256 bytes of ${char} hashed`);
    }
  });

  it('is stable for one object and differs between objects', () => {
    const long = 'x'.repeat(400);
    assert.deepEqual(keyFor(long), keyFor(long));
    assert.notDeepEqual(keyFor(long), keyFor(`${long}y`));
    assert.notDeepEqual(
      messageKey({ namespace: 'a', bucket: 'b', name: long }),
      messageKey({ namespace: 'a', bucket: 'c', name: long }),
    );
    assert.notDeepEqual(keyFor('a'), messageKey({ namespace: NS, bucket: 'other', name: 'a' }));
  });
});
