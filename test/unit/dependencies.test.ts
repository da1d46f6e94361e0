import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const SRC = join(__dirname, '..', '..', 'src');

/** Each folder of src/ that must not import from the folders named with it: arrows run one way. */
const FORBIDDEN: Record<string, string[]> = {
  delivery: ['handler', 'app', 'adapters'],
  publish: ['delivery', 'handler', 'app', 'adapters'],
  message: ['delivery', 'handler', 'publish', 'app', 'adapters'],
  handler: ['app', 'adapters'],
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importedFolders(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(SRC, join(file, '..', specifier)).split('/')[0]!);
}

for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
  test(`src/${folder} imports nothing from ${forbidden.join(', ')}`, () => {
    const offending = sourceFiles(join(SRC, folder)).flatMap((file) =>
      importedFolders(file)
        .filter((imported) => forbidden.includes(imported))
        .map((imported) => `${relative(SRC, file)} -> ${imported}/`),
    );
    assert.deepEqual(offending, []);
  });
}
