import { runConsumer } from './consume/cli';
import { messageOf } from './errors';
import { createJsonLogger } from './logging/jsonLogger';
import { routeConsoleTo } from './logging/console';

// The SDK's retry notices (e.g. while probing for the last partition) are noise here unless asked for.
routeConsoleTo(createJsonLogger(process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'error', (line) => process.stderr.write(line)));

runConsumer(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`consume failed: ${messageOf(error)}\n`);
    process.exitCode = 1;
  },
);
