import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { base64MarkerForms, CONTENT_MARKER, markedContent } from '../support/content';
import { createTestCredentials } from '../support/credentials';

/**
 * Runs after every other e2e file (files run in name order): the harness kept each function
 * process's whole output in FN_TEST_LOG_DIR, and none of it may carry object content or
 * credentials. `npm run test:e2e` sets the directory and empties it first.
 */

/** Fewer than this means the other e2e files did not run first, and a clean scan proves nothing. */
const MIN_LOG_FILES = 3;
const MIN_HANDLED_EVENTS = 20;

interface Leak {
  name: string;
  test: (line: string) => boolean;
}

const includes = (needle: string) => (line: string) => line.includes(needle);

const LEAKS: Leak[] = [
  { name: 'object content (the content marker)', test: includes(CONTENT_MARKER) },
  ...base64MarkerForms().map((form, alignment) => ({ name: `object content in base64 (alignment ${alignment})`, test: includes(form) })),
  { name: 'a PEM block', test: includes('-----BEGIN') },
  { name: 'a private key', test: includes('PRIVATE KEY') },
  { name: 'a JWT (session token)', test: (line: string) => /eyJ[A-Za-z0-9_-]{10,}\.eyJ/.test(line) },
  { name: 'a resource-principal key id (ST$<token>)', test: includes('ST$') },
];

/** Where each leak is, by file and line; the offending text itself is not repeated. */
function findLeaks(files: ReadonlyArray<{ name: string; text: string }>): string[] {
  const found: string[] = [];
  for (const file of files) {
    file.text.split('\n').forEach((line, index) => {
      for (const leak of LEAKS) if (leak.test(line)) found.push(`${file.name}:${index + 1}: ${leak.name}`);
    });
  }
  return found;
}

describe('log scan: no function output carries object content or credentials', () => {
  it('the scanner finds each kind of leak, and passes clean output', () => {
    const credentials = createTestCredentials();
    const content = markedContent(5_000);
    const leaky = [
      `{"level":"debug","body":"${content.toString('latin1').replace(/[^ -~]/g, '.')}"}`,
      ...[0, 1, 2].map((shift) => `{"content":"${Buffer.concat([Buffer.alloc(shift), content]).toString('base64')}"}`),
      credentials.resourcePrincipal.privateKeyPem.split('\n').slice(0, 2).join(' '),
      `{"authorization":"Signature keyId=\\"ST$${credentials.resourcePrincipal.sessionToken}\\""}`,
      `{"token":"${credentials.resourcePrincipal.sessionToken}"}`,
    ];
    const found = findLeaks(leaky.map((text, index) => ({ name: `planted-${index}`, text })));
    for (let index = 0; index < leaky.length; index++) {
      assert.ok(found.some((where) => where.startsWith(`planted-${index}:`)), `planted leak ${index} is found: ${found.join('; ')}`);
    }
    const clean = '{"level":"info","message":"event handled","object":"examplens/uploads/a.bin","outcome":"published","bytes":5000}';
    assert.deepEqual(findLeaks([{ name: 'clean', text: clean }]), []);
  });

  it('every kept function output is free of content and credentials', () => {
    const dir = process.env['FN_TEST_LOG_DIR'];
    assert.ok(
      dir,
      'FN_TEST_LOG_DIR is not set, so no function output was kept: run this file after the other e2e files, e.g. `npm run test:e2e`, or `FN_TEST_LOG_DIR=/tmp/x node --import tsx --test --test-concurrency=1 test/e2e/*.test.ts`.',
    );
    assert.ok(existsSync(dir), `${dir} does not exist: no e2e file ran before this one with FN_TEST_LOG_DIR set (run \`npm run test:e2e\`).`);
    const names = readdirSync(dir).filter((name) => name.endsWith('.log'));
    assert.ok(
      names.length >= MIN_LOG_FILES,
      `${dir} holds ${names.length} function output file(s), fewer than ${MIN_LOG_FILES}: the e2e files must run before this scan (run \`npm run test:e2e\`).`,
    );
    const files = names.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
    const handled = files.reduce((sum, file) => sum + (file.text.match(/"message":"event handled"/g)?.length ?? 0), 0);
    assert.ok(
      handled >= MIN_HANDLED_EVENTS,
      `the outputs hold ${handled} "event handled" lines, fewer than ${MIN_HANDLED_EVENTS}: they are not the logs of the e2e runs this scan is meant for.`,
    );
    assert.deepEqual(findLeaks(files), [], 'function output leaked content or credentials');
    console.log(`log scan: ${files.length} function outputs, ${handled} events handled, no leaks`);
  });
});
