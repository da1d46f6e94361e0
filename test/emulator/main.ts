/**
 * Standalone emulator for local runs: `tsx test/emulator/main.ts [flags]`.
 *
 *   --port N                 listen port (env EMULATOR_PORT, default 8650)
 *   --host H                 listen address (env EMULATOR_HOST, default 127.0.0.1)
 *   --partitions N           partitions per stream (env EMULATOR_PARTITIONS, default 1)
 *   --rate BYTES             per-partition write limit in bytes/s (env EMULATOR_RATE, default unlimited)
 *   --api-key keyId=ID,pem=PATH   trust an API key; PATH may hold the public or the private key (repeatable)
 *   --stream NAME[=OCID]     create a stream at start and print its OCID (repeatable)
 *
 * Any ST$ session token with a valid jwk and exp is trusted: the issuer is not checked here.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from './index';

function positiveInteger(name: string, text: string | undefined, fallback: number | null): number | null {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${text}'`);
  return value;
}

function parseApiKey(spec: string): { keyId: string; publicKeyPem: string } {
  const m = /^keyId=(.+),pem=(.+)$/.exec(spec);
  if (!m?.[1] || !m[2]) throw new Error(`--api-key must look like keyId=<tenancy>/<user>/<fingerprint>,pem=<path>, got '${spec}'`);
  const publicKeyPem = createPublicKey(readFileSync(m[2], 'utf8')).export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: m[1], publicKeyPem };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      partitions: { type: 'string' },
      rate: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      stream: { type: 'string', multiple: true },
    },
  });
  const env = process.env;
  const emulator = await startEmulator({
    host: values.host ?? env.EMULATOR_HOST ?? '127.0.0.1',
    port: positiveInteger('--port', values.port ?? env.EMULATOR_PORT, 8650) ?? 8650,
    partitions: positiveInteger('--partitions', values.partitions ?? env.EMULATOR_PARTITIONS, 1) ?? 1,
    partitionBytesPerSecond: positiveInteger('--rate', values.rate ?? env.EMULATOR_RATE, null),
    trustedApiKeys: (values['api-key'] ?? []).map(parseApiKey),
  });
  console.log(`OCI emulator listening on ${emulator.url}`);
  console.log(`  Object Storage endpoint: ${emulator.url}`);
  console.log(`  Streaming messages endpoint: ${emulator.url}`);
  for (const spec of values.stream ?? []) {
    const [name, id] = spec.split('=', 2);
    console.log(`  stream ${name ?? ''}: ${emulator.createStream(name, id || undefined)}`);
  }

  const stop = (signal: string): void => {
    console.log(`${signal}: closing`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
