import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { readRuntimeStage } from '../../image/dockerfile';
import { ImagePaths, layOutImage, portableNodeArgs } from '../../image/layout';

const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'dockerfiles', `${name}.Dockerfile`);

/** A stand-in repository after its build: dist/func.js, dist/extra/, dist/consume.js. */
const repo = mkdtempSync(join(tmpdir(), 'fn-layout-repo-'));
mkdirSync(join(repo, 'dist', 'extra'), { recursive: true });
writeFileSync(join(repo, 'dist', 'func.js'), 'the bundle');
writeFileSync(join(repo, 'dist', 'consume.js'), 'the consumer');
writeFileSync(join(repo, 'dist', 'extra', 'table.json'), '{}');
after(() => rmSync(repo, { recursive: true, force: true }));

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

test('only the copied files, at their image paths; flags and ENV paths mapped into the layout', () => {
  const layout = layOutImage({ dockerfile: fixture('two-copies-and-flags'), repoRoot: repo });
  try {
    assert.deepEqual(filesUnder(layout.root), ['function/assets/table.json', 'function/dist/func.js']);
    assert.equal(layout.script, join(layout.root, 'function/dist/func.js'));
    assert.equal(layout.workdir, join(layout.root, 'function'));
    assert.deepEqual(layout.nodeArgs, ['--max-old-space-size=64', '--snapshot-blob', join(layout.root, 'function/dist/snap.blob')]);
    assert.deepEqual(layout.env, { NODE_ENV: 'production', NODE_COMPILE_CACHE: join(layout.root, 'function/.cache') });
    assert.ok(layout.root.startsWith(tmpdir()));
  } finally {
    layout.remove();
  }
});

test('flags that name no file of the image are the ones another script can share', () => {
  const stage = readRuntimeStage(readFileSync(fixture('two-copies-and-flags'), 'utf8'));
  assert.deepEqual(portableNodeArgs(stage, new ImagePaths('/tmp/x', stage)), ['--max-old-space-size=64']);
});

test('a RUN of the runtime stage is replayed in the layout with the given node', () => {
  const layout = layOutImage({ dockerfile: fixture('run-in-runtime'), repoRoot: repo, nodeBinary: process.execPath });
  try {
    assert.equal(readFileSync(join(layout.root, 'app/cache/version'), 'utf8').trim(), process.version);
    assert.deepEqual(filesUnder(layout.root), ['app/cache/version', 'app/dist/consume.js', 'app/dist/extra/table.json', 'app/dist/func.js']);
  } finally {
    layout.remove();
  }
});

test('refused: a script the stage does not copy, a build output that is missing, a RUN it cannot replay', () => {
  assert.throws(() => layOutImage({ dockerfile: fixture('missing-copy'), repoRoot: repo }), /the ENTRYPOINT runs \/function\/dist\/func.js, which the runtime stage does not put in the image/);
  const empty = mkdtempSync(join(tmpdir(), 'fn-layout-empty-'));
  try {
    assert.throws(() => layOutImage({ dockerfile: fixture('two-copies-and-flags'), repoRoot: empty }), /copies dist\/func.js, which the build has not produced \(run npm run build first\)/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
  assert.throws(() => layOutImage({ dockerfile: fixture('package-manager-run'), repoRoot: repo }), /line 6: RUN uses npm, which the reproduction does not replay/);
});

test('refused: a temporary folder with node_modules above it, which would hide a missing dependency', () => {
  const parent = mkdtempSync(join(tmpdir(), 'fn-layout-modules-'));
  mkdirSync(join(parent, 'node_modules'));
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = join(parent, 'tmp');
  mkdirSync(process.env['TMPDIR']);
  try {
    assert.throws(() => layOutImage({ dockerfile: fixture('two-copies-and-flags'), repoRoot: repo }), /node would find modules outside the reproduced image \(.*node_modules\)/);
    assert.deepEqual(readdirSync(process.env['TMPDIR']), [], 'the refused layout is removed');
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    rmSync(parent, { recursive: true, force: true });
  }
});
