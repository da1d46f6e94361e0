import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { messageOf, ReplaySetupError } from '../errors';

/** The lines of a file, or of standard input for `-`; a file that cannot be read is a setup error. */
export async function readLines(file: string, stdin: Readable, what: string): Promise<string[]> {
  const input = file === '-' ? stdin : createReadStream(file, { encoding: 'utf8' });
  const lines: string[] = [];
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) lines.push(line);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ReplaySetupError(
      `Cannot read ${what} ${JSON.stringify(file)} (${typeof code === 'string' ? code : messageOf(error)}); check the path and its permissions. Nothing was sent.`,
      [],
      { cause: error },
    );
  }
  return lines;
}
