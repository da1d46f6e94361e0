import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_NAME, CODE_CACHE_NAME } from '../../../src/start/loader';

const DOCKERFILE = readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8');
const runtimeStage = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));

function entrypoint(): string[] {
  const line = /^ENTRYPOINT (\[.*\])$/m.exec(runtimeStage);
  assert.ok(line, 'the runtime stage has an exec-form ENTRYPOINT');
  return JSON.parse(line[1]!) as string[];
}

/** The node flags of the ENTRYPOINT, after `env` and its variable assignments. */
function nodeFlags(): string[] {
  const words = entrypoint();
  const node = words.indexOf('node');
  assert.ok(node >= 0, 'the ENTRYPOINT starts node');
  assert.ok(words.slice(0, node).every((word, index) => (index === 0 ? word === 'env' : /^[A-Z_]+=/.test(word))), 'only env and variables before node');
  return words.slice(node + 1, -1);
}

test("the code cache is made with the ENTRYPOINT's node flags, which V8 requires to accept it", () => {
  const entryFlags = nodeFlags();
  assert.ok(entryFlags.length > 0);
  const made = /^RUN npm run build:code-cache -- (.+)$/m.exec(DOCKERFILE);
  assert.ok(made, 'the build stage makes the code cache');
  assert.deepEqual(made[1]!.trim().split(/\s+/), entryFlags);
});

test('the runtime stage copies the loader, the bundle and its code cache, and starts the loader', () => {
  for (const file of ['func.js', BUNDLE_NAME, CODE_CACHE_NAME]) {
    assert.match(runtimeStage, new RegExp(`^COPY --from=build .*/function/dist/${file.replace('.', '\\.')}\\b`, 'm'), file);
  }
  assert.equal(entrypoint().at(-1), '/function/dist/func.js');
});
