import { messageOf } from './errors';
import { routeConsoleTo } from './logging/console';
import { createJsonLogger } from './logging/jsonLogger';
import { EXIT, runReplayCommand } from './replay/cli';

// The SDK's retry notices are noise here unless asked for.
routeConsoleTo(createJsonLogger(process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'error', (line) => process.stderr.write(line)));

// Ctrl-C, a kill or a dropped SSH session: no new object starts, those in flight finish and are
// recorded, then the summary. A second signal quits at once; the state file has every completed object.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort();
  });
}

// A reader that goes away (`| head`) is an interrupt too: nothing more is printed or started.
let stdoutOpen = true;
process.stdout.on('error', () => {
  stdoutOpen = false;
  interrupt.abort();
});

/** Standard output has taken what it was given, or is gone (a reader that went away is not waited for). */
function stdoutDrained(): Promise<void> {
  return new Promise((resolve) => {
    const events = ['drain', 'close', 'error'] as const;
    const done = () => {
      for (const event of events) process.stdout.off(event, done);
      resolve();
    };
    for (const event of events) process.stdout.once(event, done);
  });
}

runReplayCommand(process.argv.slice(2), process.env, {
  print: (line) => {
    if (stdoutOpen) process.stdout.write(`${line}\n`);
  },
  // A pipe takes lines as fast as its reader does: a long listing waits for it rather than piling up here.
  drained: () => (stdoutOpen && process.stdout.writableNeedDrain ? stdoutDrained() : Promise.resolve()),
  progressStream: process.stderr,
  stdin: process.stdin,
  signal: interrupt.signal,
}).then(
  (code) => {
    process.exitCode = code;
    // Keep-alive sockets and SDK timers must not hold the exit; what was printed reaches a pipe first
    // (process.exit would drop lines still queued for it).
    if (stdoutOpen) process.stdout.write('', () => process.exit());
    else process.exit();
  },
  (error: unknown) => {
    process.stderr.write(`replay failed: ${messageOf(error)}\n`);
    process.exit(EXIT.failed);
  },
);
