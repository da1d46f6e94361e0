import { zipSync, type Zippable } from 'fflate';
import type { StackFile } from './files';

// A fixed time for every entry: the same stack always gives the same zip, byte for byte.
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/** The files at the zip's root, as Resource Manager's "My configuration" upload expects them. */
export function zipStack(files: readonly StackFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) entries[file.name] = [file.bytes, { mtime: ENTRY_TIME, level: 9 }];
  return zipSync(entries);
}
