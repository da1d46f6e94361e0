import { runConsumer } from './consume/cli';
import { messageOf } from './errors';
import { createJsonLogger } from './logging/jsonLogger';
import { routeConsoleTo } from './logging/console';

// The SDK's retry notices (e.g. while probing for the last partition) are noise here unless asked for.
routeConsoleTo(createJsonLogger(process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'error', (line) => process.stderr.write(line)));

// Ctrl-C stops reading after the message in hand; a second one quits at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  });
}

runConsumer(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`), interrupt.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`consume failed: ${messageOf(error)}\n`);
    process.exitCode = 1;
  },
);
