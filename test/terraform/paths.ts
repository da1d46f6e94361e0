import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack, loadStackDir, type Stack } from './hcl';
import { loadProviderFacts, type ProviderFacts } from './providerSchema';

const ROOT = join(__dirname, '..', '..');
export const STACK_DIR = join(ROOT, 'terraform');
export const README = join(ROOT, 'README.md');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'terraform');

let stack: Promise<Stack> | undefined;
/** The repository's stack, parsed once per test process. */
export function theStack(): Promise<Stack> {
  stack ??= loadStackDir(STACK_DIR);
  return stack;
}

export function providerFacts(): ProviderFacts {
  return loadProviderFacts(join(FIXTURES, 'oci-terraform-schema.json'));
}

/** One broken fixture as a stack of its own. */
export function brokenStack(name: string): Promise<Stack> {
  return loadStack({ [name]: readFileSync(join(FIXTURES, 'broken', name), 'utf8') });
}
