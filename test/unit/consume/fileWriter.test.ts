import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FileWriter } from '../../../src/consume/fileWriter';

const dir = mkdtempSync(join(tmpdir(), 'consume-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('FileWriter', () => {
  test('a .part file left by an interrupted run is started over, not appended to', () => {
    const root = join(dir, 'leftover');
    const writer = new FileWriter(root);
    writer.write('a/b.txt', 'event-1', Buffer.from('first half of an earlier run '));
    // That run was killed here: the .part file stays. The next run reads the object from its first chunk.
    const again = new FileWriter(root);
    again.write('a/b.txt', 'event-1', Buffer.from('hello '));
    again.write('a/b.txt', 'event-1', Buffer.from('world'));
    again.done('a/b.txt', 'event-1', true);
    assert.equal(readFileSync(join(root, 'a/b.txt'), 'utf8'), 'hello world');
    assert.equal(existsSync(join(root, 'a/b.txt.event-1.part')), false);
  });

  test('an object not verified leaves no file; a name that would escape the folder is refused', () => {
    const root = join(dir, 'refused');
    const writer = new FileWriter(root);
    writer.write('x.txt', 'e', Buffer.from('bytes'));
    writer.done('x.txt', 'e', false);
    assert.equal(existsSync(join(root, 'x.txt')), false);
    assert.equal(existsSync(join(root, 'x.txt.e.part')), false);
    writeFileSync(join(dir, 'outside.txt'), 'kept');
    assert.throws(() => writer.write('../outside.txt', 'e', Buffer.from('x')), /refusing to write "..\/outside.txt"/);
    assert.equal(readFileSync(join(dir, 'outside.txt'), 'utf8'), 'kept');
  });
});
