import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { unreadableBy } from '../../image/readable';

const top = mkdtempSync(join(tmpdir(), 'readable-test-'));
after(() => rmSync(top, { recursive: true, force: true }));
const owner = { uid: process.getuid!(), gid: process.getgid!() };
const someoneElse = { uid: owner.uid + 4242, gid: owner.gid + 4242 };

function tree(modes: Record<string, number>): string {
  const dir = mkdtempSync(join(top, 'tree-'));
  chmodSync(dir, 0o755);
  for (const [path, mode] of Object.entries(modes)) {
    if (path.endsWith('/')) mkdirSync(join(dir, path));
    else writeFileSync(join(dir, path), 'x');
    chmodSync(join(dir, path), mode);
  }
  return dir;
}

test('files readable by others and folders searchable by others are readable by anyone', () => {
  const dir = tree({ 'dist/': 0o755, 'dist/func.js': 0o644, 'dist/run': 0o755 });
  assert.deepEqual(unreadableBy(dir, someoneElse), []);
});

test('a file or folder closed to others is named, for someone else but not for its owner', () => {
  const dir = tree({ 'dist/': 0o755, 'dist/function.js': 0o600, 'private/': 0o750, 'listed-only/': 0o744 });
  assert.deepEqual(unreadableBy(dir, someoneElse), ['dist/function.js', 'listed-only', 'private']);
  assert.deepEqual(unreadableBy(dir, owner), []);
});

test("the owner's own bits decide for the owner, even when others may read", () => {
  const dir = tree({ 'func.js': 0o044 });
  assert.deepEqual(unreadableBy(dir, owner), ['func.js']);
  assert.deepEqual(unreadableBy(dir, someoneElse), []);
});
