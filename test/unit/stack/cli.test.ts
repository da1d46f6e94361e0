import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { unzipSync } from 'fflate';
import { runStackCommand } from '../../../src/stack/cli';

const ROOT = join(__dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'stack-zip-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(argv: string[], root = ROOT) {
  const out: string[] = [];
  const errors: string[] = [];
  const code = runStackCommand(argv, { root, cwd: work }, { print: (line) => out.push(line), printError: (line) => errors.push(line) });
  return { code, out, errors };
}

test("npm run stack writes a zip holding exactly the stack's .tf files and schema.yaml, byte for byte, at its root", () => {
  const { code, out } = run(['--out', 'stack.zip']);
  assert.equal(code, 0);
  assert.match(out[0]!, /^wrote stack\.zip \(\d+ bytes\) with \d+ files: /);
  const entries = unzipSync(readFileSync(join(work, 'stack.zip')));
  const expected = readdirSync(join(ROOT, 'terraform'))
    .filter((name) => name.endsWith('.tf') || name === 'schema.yaml')
    .sort();
  assert.ok(expected.includes('schema.yaml') && expected.includes('versions.tf'));
  assert.deepEqual(Object.keys(entries).sort(), expected);
  for (const name of expected) assert.deepEqual(Buffer.from(entries[name]!), readFileSync(join(ROOT, 'terraform', name)), name);
});

test('the same stack gives the same zip', () => {
  assert.equal(run(['--out', 'a.zip']).code, 0);
  assert.equal(run(['--out', 'b.zip']).code, 0);
  assert.deepEqual(readFileSync(join(work, 'a.zip')), readFileSync(join(work, 'b.zip')));
});

test('state, variables files, provider caches and notes in the folder stay out of the zip', () => {
  const root = join(work, 'repo');
  mkdirSync(join(root, 'terraform', '.terraform'), { recursive: true });
  for (const name of ['main.tf', 'schema.yaml', 'terraform.tfstate', 'terraform.tfvars', 'notes.md', '.terraform.lock.hcl']) writeFileSync(join(root, 'terraform', name), name);
  writeFileSync(join(root, 'terraform', '.terraform', 'x.tf'), 'cached');
  assert.equal(run(['--out', 'filtered.zip'], root).code, 0);
  assert.deepEqual(Object.keys(unzipSync(readFileSync(join(work, 'filtered.zip')))).sort(), ['main.tf', 'schema.yaml']);
});

test('a stack without schema.yaml is refused, naming what is missing', () => {
  const root = join(work, 'no-schema');
  mkdirSync(join(root, 'terraform'), { recursive: true });
  writeFileSync(join(root, 'terraform', 'main.tf'), '');
  const { code, errors } = run(['--out', 'none.zip'], root);
  assert.equal(code, 1);
  assert.match(errors[0]!, /has no schema\.yaml/);
});

test('--dry-run lists the files and writes nothing', () => {
  const { code, out } = run(['--dry-run', '--out', 'dry.zip']);
  assert.equal(code, 0);
  assert.match(out[0]!, /^would write dry\.zip with \d+ files: .*schema\.yaml/);
  assert.ok(!readdirSync(work).includes('dry.zip'));
});

test('usage errors exit 2, name the option and point to --help; --help exits 0', () => {
  for (const [argv, message] of [
    [['--outt', 'x.zip'], /Unknown option '--outt'/],
    [['--out'], /--out/],
    [['extra'], /Unexpected argument 'extra'/],
    [['--out', ' '], /--out needs a file name/],
  ] as const) {
    const { code, errors } = run([...argv]);
    assert.equal(code, 2, argv.join(' '));
    assert.match(errors.join('\n'), message);
    assert.match(errors.join('\n'), /npm run stack -- --help/);
  }
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out[0]!, /^Usage: npm run stack/);
});

test('a folder that does not exist is reported, not created', () => {
  const { code, errors } = run(['--out', join(work, 'missing', 'x.zip')]);
  assert.equal(code, 1);
  assert.match(errors[0]!, /its folder does not exist/);
});
