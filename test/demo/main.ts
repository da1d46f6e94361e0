import { runDemo } from './demo';

// Ctrl-C or a kill stops the function and closes the emulator before the process goes.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort(new Error(`stopped by ${signal}`)));

runDemo((line) => process.stdout.write(`${line}\n`), { signal: controller.signal }).then(
  (result) => {
    process.exitCode = result.ok ? 0 : 1;
  },
  (error: unknown) => {
    if (controller.signal.aborted) {
      // Whatever was in flight failed because the world was torn down; that is not news.
      process.stderr.write(`demo ${(controller.signal.reason as Error).message}; function stopped, emulator closed\n`);
      process.exitCode = 130;
      return;
    }
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
