import { closeSync, openSync, writeSync } from 'node:fs';
import { ReplaySetupError } from '../errors';

/**
 * `--log FILE`: the function's own log lines from a `--direct` run, appended as the deployed
 * function writes them, so `--from-log FILE` can re-drive what failed or stepped aside. Each line
 * is written as it comes: a run that is killed keeps every line written before.
 */
export class FunctionLogFile {
  private readonly fd: number;

  constructor(path: string) {
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new ReplaySetupError(`The log file ${JSON.stringify(path)} cannot be written (${String(code)}); check the path and its permissions. Nothing was sent.`, [], { cause: error });
    }
  }

  write(line: string): void {
    writeSync(this.fd, line);
  }

  close(): void {
    closeSync(this.fd);
  }
}
