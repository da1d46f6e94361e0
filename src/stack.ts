import { join } from 'node:path';
import { runStackCommand } from './stack/cli';

// npm runs scripts from the package root; INIT_CWD is where the user typed the command, so --out
// is taken relative to it.
process.exitCode = runStackCommand(process.argv.slice(2), { root: join(__dirname, '..'), cwd: process.env['INIT_CWD'] ?? process.cwd() }, {
  print: (line) => process.stdout.write(`${line}\n`),
  printError: (line) => process.stderr.write(`${line}\n`),
});
