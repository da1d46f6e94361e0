import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StackFile {
  name: string;
  bytes: Uint8Array;
}

export const RESOURCE_MANAGER_SCHEMA = 'schema.yaml';

/** What Resource Manager needs and nothing else: the folder's .tf files and its schema.yaml (no state, no tfvars, no .terraform). */
export function isStackFile(name: string): boolean {
  return name.endsWith('.tf') || name === RESOURCE_MANAGER_SCHEMA;
}

export type StackFiles = { kind: 'files'; files: StackFile[] } | { kind: 'incomplete'; problem: string };

export function readStackFiles(dir: string): StackFiles {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && isStackFile(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    return { kind: 'incomplete', problem: `cannot read the stack folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if (!names.some((name) => name.endsWith('.tf'))) return { kind: 'incomplete', problem: `${dir} holds no .tf file` };
  if (!names.includes(RESOURCE_MANAGER_SCHEMA)) return { kind: 'incomplete', problem: `${dir} has no ${RESOURCE_MANAGER_SCHEMA} (Resource Manager's form)` };
  return { kind: 'files', files: names.map((name) => ({ name, bytes: readFileSync(join(dir, name)) })) };
}
