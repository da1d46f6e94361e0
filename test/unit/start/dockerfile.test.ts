import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_NAME, CODE_CACHE_NAME } from '../../../src/start/loader';
import { readRuntimeStage } from '../../image/dockerfile';

const image = readRuntimeStage(readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8'));

test("the code cache is made with the ENTRYPOINT's node flags, which V8 requires to accept it", () => {
  assert.ok(image.nodeArgs.length > 0);
  const made = image.build.steps.flatMap((step) => {
    if (step.kind !== 'run' || typeof step.command !== 'string') return [];
    const match = /^npm run build:code-cache -- (.+)$/.exec(step.command.trim());
    return match ? [match[1]!.trim().split(/\s+/)] : [];
  });
  assert.equal(made.length, 1, 'the build stage makes the code cache once');
  assert.deepEqual(made[0], image.nodeArgs);
});

test('the runtime stage copies the loader, the bundle and its code cache, and starts the loader', () => {
  const copied = image.steps.flatMap((step) => (step.kind === 'copy' && step.from === 'build' ? [posix.basename(step.source)] : []));
  for (const file of ['func.js', BUNDLE_NAME, CODE_CACHE_NAME]) assert.ok(copied.includes(file), file);
  assert.equal(image.script, '/function/dist/func.js');
});
