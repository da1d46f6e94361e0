import { messageOf } from '../errors';
import { routeConsoleTo } from '../logging/console';
import { createJsonLogger } from '../logging/jsonLogger';

export const INTERRUPTED_EXIT_CODE = 130;
const FAILED_EXIT_CODE = 1;

/** What a tool's entry gives its command: where lines go, and the signal a Ctrl-C aborts. */
export interface ToolProcess {
  /** Aborted by Ctrl-C, a kill, a dropped SSH session, or a reader of standard output that went away (`| head`). */
  signal: AbortSignal;
  print(line: string): void;
  /** Standard output has taken what it was given, or is gone (a reader that went away is not waited for). */
  drained(): Promise<void>;
}

/**
 * Sets up a tool's process: the SDK's console chatter into JSON lines on standard error (noise
 * unless LOG_LEVEL=debug), and a first signal that asks the command to stop while a second one
 * quits at once.
 */
export function startToolProcess(): ToolProcess {
  routeConsoleTo(createJsonLogger(process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'error', (line) => process.stderr.write(line)));
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupt.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
      interrupt.abort();
    });
  }
  let stdoutOpen = true;
  process.stdout.on('error', () => {
    stdoutOpen = false;
    interrupt.abort();
  });
  const untilDrained = () =>
    new Promise<void>((resolve) => {
      const events = ['drain', 'close', 'error'] as const;
      const done = () => {
        for (const event of events) process.stdout.off(event, done);
        resolve();
      };
      for (const event of events) process.stdout.once(event, done);
    });
  return {
    signal: interrupt.signal,
    print: (line) => {
      if (stdoutOpen) process.stdout.write(`${line}\n`);
    },
    drained: () => (stdoutOpen && process.stdout.writableNeedDrain ? untilDrained() : Promise.resolve()),
  };
}

/**
 * Ends the process with the command's exit code once what was printed has reached a pipe
 * (process.exit would drop lines still queued for it); keep-alive sockets and SDK timers must not
 * hold the exit. A command that threw is a failure at run time, named under the tool's name.
 */
export function exitWith(tool: string, outcome: Promise<number>): void {
  outcome.then(
    (code) => {
      process.exitCode = code;
      if (process.stdout.writable) process.stdout.write('', () => process.exit());
      else process.exit();
    },
    (error: unknown) => {
      process.stderr.write(`${tool} failed: ${messageOf(error)}\n`);
      process.exit(FAILED_EXIT_CODE);
    },
  );
}
