import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ReplaySetupError } from '../../../src/errors';
import { readDoneIds, StateFile } from '../../../src/replay/state';

const dir = mkdtempSync(join(tmpdir(), 'replay-state-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('StateFile', () => {
  test('records one line per outcome; reopened, done objects are done and failed ones are not', () => {
    const path = join(dir, 'a.jsonl');
    const first = new StateFile(path);
    first.record({ id: '1', object: 'ns/b/one', status: 'published' });
    first.record({ id: '2', object: 'ns/b/two', status: 'failed', reason: 'throttled' });
    first.record({ id: '3', object: 'ns/b/three', status: 'skipped', reason: 'gone' });
    first.close();
    assert.equal(readFileSync(path, 'utf8').split('\n').length, 4);
    const second = new StateFile(path);
    assert.deepEqual(['1', '2', '3', '4'].map((id) => second.isDone(id)), [true, false, true, false]);
    second.record({ id: '2', object: 'ns/b/two', status: 'published' });
    second.close();
    assert.equal(new StateFile(path).isDone('2'), true, 'the latest record wins');
  });

  test('a last line cut short by a kill is ignored, and the next record starts on its own line', () => {
    const path = join(dir, 'torn.jsonl');
    const state = new StateFile(path);
    state.record({ id: '1', object: 'o', status: 'published' });
    state.close();
    appendFileSync(path, '{"id":"2","obj');
    const reopened = new StateFile(path);
    assert.equal(reopened.isDone('2'), false);
    reopened.record({ id: '3', object: 'o3', status: 'published' });
    reopened.close();
    const again = new StateFile(path);
    assert.deepEqual([again.isDone('1'), again.isDone('3')], [true, true]);
    again.close();
  });

  test('a file that is not a state file, or cannot be read, is refused before anything is sent', () => {
    const garbage = join(dir, 'garbage');
    writeFileSync(garbage, 'hello\n{"id":"1","object":"o","status":"published","at":"t"}\n');
    assert.throws(() => new StateFile(garbage), (error: unknown) => error instanceof ReplaySetupError && /line 1/.test(error.message));
    assert.throws(() => new StateFile(dir), (error: unknown) => error instanceof ReplaySetupError && /EISDIR/.test(error.message));
    assert.throws(() => new StateFile(join(dir, 'no', 'such', 'dir.jsonl')), (error: unknown) => error instanceof ReplaySetupError && /ENOENT/.test(error.message));
  });

  test('a dry run reads what is done and writes nothing: no file is created, a cut-short line stays', () => {
    const missing = join(dir, 'never-created.jsonl');
    assert.equal(readDoneIds(missing)('1'), false);
    assert.equal(existsSync(missing), false);
    const path = join(dir, 'read-only.jsonl');
    const text = `${JSON.stringify({ id: '1', object: 'ns/b/one', status: 'published', at: '2026-01-01T00:00:00.000Z' })}\n{"id":"2","obj`;
    writeFileSync(path, text);
    const isDone = readDoneIds(path);
    assert.deepEqual([isDone('1'), isDone('2')], [true, false]);
    assert.equal(readFileSync(path, 'utf8'), text);
  });
});
