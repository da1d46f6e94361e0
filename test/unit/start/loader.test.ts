import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { wrap } from 'node:module';
import { after, describe, it } from 'node:test';
import { bundleDigest, codeCacheFile, readCodeCache } from '../../../src/start/codeCache';
import { BUNDLE_NAME, CODE_CACHE_NAME, runBundle } from '../../../src/start/loader';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A bundle that records, on globalThis, that it ran and what CommonJS gave it. */
function bundleSource(mark: string): string {
  return `globalThis.__loaderTest = { mark: ${JSON.stringify(mark)}, exports: typeof exports, require: typeof require('node:path').join, filename: __filename, dirname: __dirname };`;
}

function directoryWith(source: string, cache?: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'loader-test-'));
  dirs.push(dir);
  writeFileSync(join(dir, BUNDLE_NAME), source);
  if (cache) writeFileSync(join(dir, CODE_CACHE_NAME), cache);
  return dir;
}

function cacheFor(source: string): Buffer {
  const script = new Script(wrap(source), { filename: 'made-elsewhere.js' });
  return codeCacheFile(bundleDigest(Buffer.from(source)), script.createCachedData());
}

const ran = () => (globalThis as unknown as { __loaderTest: Record<string, string> }).__loaderTest;

describe('runBundle', () => {
  it('runs the bundle as a CommonJS module when there is no code cache', () => {
    const dir = directoryWith(bundleSource('plain'));
    assert.equal(runBundle(dir), 'none');
    assert.deepEqual(ran(), { mark: 'plain', exports: 'object', require: 'function', filename: join(dir, BUNDLE_NAME), dirname: dir });
  });

  it('compiles from a code cache made for this very bundle', () => {
    const source = bundleSource('cached');
    const dir = directoryWith(source, cacheFor(source));
    assert.equal(runBundle(dir), 'used');
    assert.equal(ran()['mark'], 'cached');
  });

  it("ignores another bundle's code cache, even when the bundles have the same length", () => {
    const source = bundleSource('one');
    const other = bundleSource('two');
    assert.equal(source.length, other.length);
    const dir = directoryWith(source, cacheFor(other));
    assert.equal(runBundle(dir), 'none');
    assert.equal(ran()['mark'], 'one');
  });

  it('compiles as usual when V8 refuses the cached data', () => {
    const source = bundleSource('refused');
    const dir = directoryWith(source, codeCacheFile(bundleDigest(Buffer.from(source)), Buffer.from('not V8 cached data')));
    assert.equal(runBundle(dir), 'rejected');
    assert.equal(ran()['mark'], 'refused');
  });
});

describe('readCodeCache', () => {
  it('answers nothing for a missing, empty or truncated file', () => {
    const digest = bundleDigest(Buffer.from('x'));
    const dir = directoryWith('');
    assert.equal(readCodeCache(join(dir, 'absent'), digest), undefined);
    writeFileSync(join(dir, 'short'), digest.subarray(0, 10));
    assert.equal(readCodeCache(join(dir, 'short'), digest), undefined);
    writeFileSync(join(dir, 'digest-only'), digest);
    assert.equal(readCodeCache(join(dir, 'digest-only'), digest), undefined);
    writeFileSync(join(dir, 'whole'), codeCacheFile(digest, Buffer.from('data')));
    assert.equal(readCodeCache(join(dir, 'whole'), digest)?.toString(), 'data');
    assert.ok(readFileSync(join(dir, 'whole')).subarray(0, 32).equals(digest));
  });
});
