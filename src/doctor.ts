import { messageOf } from './errors';
import { routeConsoleTo } from './logging/console';
import { createJsonLogger } from './logging/jsonLogger';
import { EXIT, runDoctorCommand } from './doctor/cli';
import { createOciDoctorWorld } from './doctor/oci/world';

// The SDK's retry notices are noise here unless asked for.
routeConsoleTo(createJsonLogger(process.env['LOG_LEVEL'] === 'debug' ? 'debug' : 'error', (line) => process.stderr.write(line)));

// Ctrl-C: the check under way finishes, the rest are skipped, a probe object is deleted; a second one quits at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort();
  });
}

let stdoutOpen = true;
process.stdout.on('error', () => {
  stdoutOpen = false;
  interrupt.abort();
});

runDoctorCommand(process.argv.slice(2), () => createOciDoctorWorld(process.env), {
  print: (line) => {
    if (stdoutOpen) process.stdout.write(`${line}\n`);
  },
  signal: interrupt.signal,
}).then(
  (code) => {
    process.exitCode = code;
    // Keep-alive sockets and SDK timers must not hold the exit.
    process.exit();
  },
  (error: unknown) => {
    process.stderr.write(`doctor failed: ${messageOf(error)}\n`);
    process.exit(EXIT.failed);
  },
);
