import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readStackFiles } from './files';
import { zipStack } from './zip';

export const USAGE = `Usage: npm run stack -- [--out FILE] [--dry-run]
Writes the zip to upload to OCI Resource Manager (Stacks -> Create stack -> My configuration ->
.Zip file): the terraform/ folder's .tf files and schema.yaml, nothing else.

  --out FILE   where to write it (default dist/fn-streaming-stack.zip)
  --dry-run    list what would go in; write nothing
  --help       this text`;

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface StackIo {
  print: (line: string) => void;
  printError: (line: string) => void;
}

/** The repository's folders; the stack folder is `terraform/` under the root. */
export interface StackPaths {
  root: string;
  cwd: string;
}

export function runStackCommand(argv: readonly string[], paths: StackPaths, io: StackIo): number {
  let values: { out?: string | undefined; 'dry-run'?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    io.printError(`stack: ${(error as Error).message.split('\n')[0]}`);
    io.printError('See npm run stack -- --help');
    return EXIT.usage;
  }
  if (values.help) {
    io.print(USAGE);
    return EXIT.ok;
  }
  if (values.out !== undefined && values.out.trim() === '') {
    io.printError('stack: --out needs a file name. See npm run stack -- --help');
    return EXIT.usage;
  }
  const stackDir = join(paths.root, 'terraform');
  const read = readStackFiles(stackDir);
  if (read.kind === 'incomplete') {
    io.printError(`stack: ${read.problem}`);
    return EXIT.failed;
  }
  const defaultOut = join(paths.root, 'dist', 'fn-streaming-stack.zip');
  const out = values.out === undefined ? defaultOut : resolve(paths.cwd, values.out);
  const names = read.files.map((file) => file.name).join(', ');
  if (values['dry-run']) {
    io.print(`would write ${relative(paths.cwd, out) || out} with ${read.files.length} files: ${names}`);
    return EXIT.ok;
  }
  const zip = zipStack(read.files);
  try {
    // Only the default folder is created: a folder the user names must exist (a typo is reported, not made).
    if (out === defaultOut) mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message);
    io.printError(`stack: cannot write ${out}: ${why}`);
    return EXIT.failed;
  }
  io.print(`wrote ${relative(paths.cwd, out) || out} (${zip.length} bytes) with ${read.files.length} files: ${names}`);
  io.print('Upload it in Resource Manager: Stacks -> Create stack -> My configuration -> .Zip file.');
  return EXIT.ok;
}
