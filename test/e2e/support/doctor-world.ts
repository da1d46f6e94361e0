import { resolve } from 'node:path';
import { runDoctorCommand } from '../../../src/doctor/cli';
import type { Finding } from '../../../src/doctor/findings';
import { createOciDoctorWorld } from '../../../src/doctor/oci/world';
import { startEmulator, type Emulator, type Tenancy } from '../../emulator';
import { apiKeyEnv, createTestCredentials, type TestCredentials } from '../../support/credentials';
import { correctTenancy, type DoctorIds } from './doctor-tenancy';
import { replayChild, type ChildRun } from './replay';
import { startWorld, type World } from './world';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const DOCTOR_ENTRY = resolve(REPO_ROOT, 'dist', 'doctor.js');
export const FUNCTION_ID = 'ocid1.fnfunc.oc1.iad.aaaaaaaadoctorfunction';

/**
 * The local world of a doctor test: the emulator answering the control plane from a tenancy
 * description, the operator's environment (an API key it trusts, every service's endpoint at the
 * emulator) and, for the probe, the built function behind the Fn harness, invoked by the
 * emulator's Events as the tenancy's rules say.
 */
export interface DoctorWorld {
  emulator: Emulator;
  ids: DoctorIds;
  env: Record<string, string>;
  /** Present when started with the function. */
  world?: World;
  /** A fresh correct tenancy, changed by `change`, set on the emulator. */
  describe(change?: (tenancy: Tenancy) => void): Tenancy;
  stop(): Promise<void>;
}

function operatorEnv(credentials: TestCredentials, url: string): Record<string, string> {
  const endpoints = ['OBJECTSTORAGE', 'FUNCTIONS', 'STREAMING', 'CORE', 'IDENTITY', 'EVENTS', 'LOGGING', 'LOGGINGSEARCH', 'VNMONITORING'].map((service) => [`OCI_${service}_ENDPOINT`, url]);
  return { ...apiKeyEnv(credentials), OCI_AUTH: 'api_key', ...Object.fromEntries(endpoints) };
}

export async function startDoctorWorld(options: { withFunction?: boolean } = {}): Promise<DoctorWorld> {
  const credentials = createTestCredentials({ apiKeyBits: 1024 });
  const trustedApiKeys = [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }];
  let world: World | undefined;
  let emulator: Emulator;
  let streamId: string;
  if (options.withFunction) {
    world = await startWorld({ credentials, config: { ALLOWED_BUCKETS: 'uploads' }, emulator: { trustedApiKeys } });
    emulator = world.emulator;
    streamId = world.streamId;
    const fn = world.fn;
    emulator.registerFunction(async (body) => {
      const result = await fn.invoke(body);
      return { status: result.status, body: result.rawBody };
    }, FUNCTION_ID);
  } else {
    emulator = await startEmulator({ trustedApiKeys });
    streamId = emulator.createStream('doctor');
  }
  emulator.createBucket('examplens', 'uploads');
  const ids: DoctorIds = { tenancy: credentials.apiKey.tenancy, functionId: FUNCTION_ID, streamId, endpoint: emulator.url };
  const running = world;
  return {
    emulator,
    ids,
    env: operatorEnv(credentials, emulator.url),
    ...(running ? { world: running } : {}),
    describe(change) {
      const tenancy = correctTenancy(ids);
      if (running) tenancy.logContent = { [tenancy.logs[0]!.id]: () => running.fn.output() };
      change?.(tenancy);
      emulator.setTenancy(tenancy);
      return tenancy;
    },
    stop: () => (running ? running.stop() : emulator.close()),
  };
}

export interface DoctorRun {
  code: number;
  lines: string[];
  output: string;
}

/** The CLI's own code in this process (the SDK's clients talking to the emulator over loopback). */
export async function doctorInProcess(argv: string[], env: Record<string, string>, signal?: AbortSignal): Promise<DoctorRun> {
  const lines: string[] = [];
  const code = await runDoctorCommand(argv, () => createOciDoctorWorld(env), { print: (line) => lines.push(line), ...(signal ? { signal } : {}) });
  return { code, lines, output: lines.join('\n') };
}

/** The built CLI as an operator runs it (`node dist/doctor.js`, which `npm run doctor` runs). */
export function doctorChild(argv: string[], env: Record<string, string>): ChildRun {
  return replayChild(argv, env, DOCTOR_ENTRY);
}

/** The findings of a `--json` run. */
export function findingsOf(run: DoctorRun): Finding[] {
  return (JSON.parse(run.output) as { findings: Finding[] }).findings;
}
