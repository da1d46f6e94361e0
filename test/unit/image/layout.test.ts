import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { readRuntimeStage } from '../../image/dockerfile';
import { ImagePaths, layOutImage, portableNodeArgs } from '../../image/layout';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'dockerfiles');
const fixture = (name: string) => join(FIXTURES, `${name}.Dockerfile`);
/** A build context whose `npm run build` makes dist/func.js, dist/consume.js and dist/extra/table.json. */
const context = join(FIXTURES, 'context');

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

test('the build stage replayed, then only what the runtime stage copies, at its image paths; flags and ENV paths mapped', () => {
  const layout = layOutImage({ dockerfile: fixture('two-copies-and-flags'), repoRoot: context });
  try {
    assert.deepEqual(filesUnder(layout.root), ['function/assets/table.json', 'function/dist/func.js']);
    assert.equal(readFileSync(layout.script, 'utf8').trim(), 'bundle');
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
  assert.deepEqual(portableNodeArgs(stage, ImagePaths.ofRuntime('/tmp/x', stage)), ['--max-old-space-size=64']);
});

test('RUN steps of both stages replayed with the given node; the context copied without what .dockerignore names', () => {
  const layout = layOutImage({ dockerfile: fixture('run-in-runtime'), repoRoot: context, nodeBinary: process.execPath });
  try {
    assert.equal(readFileSync(join(layout.root, 'app/cache/version'), 'utf8').trim(), process.version);
    assert.deepEqual(filesUnder(layout.root), [
      'app/.dockerignore',
      'app/cache/version',
      'app/dist/consume.js',
      'app/dist/extra/table.json',
      'app/dist/func.js',
      'app/package.json',
    ]);
  } finally {
    layout.remove();
  }
});

test('refused: a script the stage does not copy, a file the build did not make, a RUN it cannot replay', () => {
  assert.throws(() => layOutImage({ dockerfile: fixture('missing-copy'), repoRoot: context }), /the ENTRYPOINT runs \/function\/dist\/func.js, which the runtime stage does not put in the image/);
  const dir = mkdtempSync(join(tmpdir(), 'fn-layout-dockerfile-'));
  try {
    const dockerfile = join(dir, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM a AS build\nWORKDIR /function\nCOPY package.json ./\nRUN npm run build\nFROM b\nCOPY --from=build /usr/lib/libx.so /usr/lib/libx.so\nENTRYPOINT ["node", "/x.js"]\n');
    assert.throws(() => layOutImage({ dockerfile, repoRoot: context }), /line 6: the runtime stage copies \/usr\/lib\/libx.so, which the build stage did not make/);
    writeFileSync(dockerfile, 'FROM a AS build\nWORKDIR /function\nCOPY src ./src\nFROM b\nCOPY --from=build /function/src /x\nENTRYPOINT ["node", "/x/a.js"]\n');
    assert.throws(() => layOutImage({ dockerfile, repoRoot: context }), /line 3: COPY src: there is no such file in the build context/);
    writeFileSync(dockerfile, 'FROM a AS build\nWORKDIR /function\nRUN exit 3\nFROM b\nCOPY --from=build /function /x\nENTRYPOINT ["node", "/x/a.js"]\n');
    assert.throws(() => layOutImage({ dockerfile, repoRoot: context }), /line 3: RUN uses exit, which the reproduction does not replay/);
    writeFileSync(dockerfile, 'FROM a AS build\nWORKDIR /function\nRUN node -e "process.exit(3)"\nFROM b\nCOPY --from=build /function /x\nENTRYPOINT ["node", "/x/a.js"]\n');
    assert.throws(() => layOutImage({ dockerfile, repoRoot: context }), /line 3: RUN failed in the reproduction of the build stage \(exit 3\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => layOutImage({ dockerfile: fixture('package-manager-run'), repoRoot: context }), /line 8: RUN uses npm, which the reproduction does not replay/);
});

test('refused: a temporary folder with node_modules above it, which would hide a missing dependency', () => {
  const parent = mkdtempSync(join(tmpdir(), 'fn-layout-modules-'));
  mkdirSync(join(parent, 'node_modules'));
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = join(parent, 'tmp');
  mkdirSync(process.env['TMPDIR']);
  try {
    assert.throws(() => layOutImage({ dockerfile: fixture('two-copies-and-flags'), repoRoot: context }), /node would find modules outside the reproduced image \(.*node_modules\)/);
    assert.deepEqual(readdirSync(process.env['TMPDIR']), [], 'nothing is left behind');
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    rmSync(parent, { recursive: true, force: true });
  }
});
