import { LogSearchClient } from 'oci-loggingsearch';
import { VnMonitoringClient } from 'oci-vnmonitoring';
import { createAuthProviderFromEnv } from '../../adapters/oci/auth';
import { boundedClientParams } from '../../adapters/oci/clients';
import type { DoctorWorld } from '../cli';
import { OciPathAnalyzer } from './pathAnalyzer';
import { createOciProbePorts } from './probe';
import { callerIdentity, createDoctorClients, createOciDoctorReader, DOCTOR_CLIENT_CONFIGURATION } from './reader';

type Env = Readonly<Record<string, string | undefined>>;

/** The doctor's reads and the probe's writes, with the tools' credentials (those of consume and replay). */
export function createOciDoctorWorld(env: Env): DoctorWorld {
  const provider = createAuthProviderFromEnv(env);
  const params = boundedClientParams(provider);
  const clients = createDoctorClients(params, env);
  const logSearch = new LogSearchClient(params, DOCTOR_CLIENT_CONFIGURATION);
  if (env['OCI_LOGGINGSEARCH_ENDPOINT']) logSearch.endpoint = env['OCI_LOGGINGSEARCH_ENDPOINT'];
  const vnMonitoring = new VnMonitoringClient(params, DOCTOR_CLIENT_CONFIGURATION);
  if (env['OCI_VNMONITORING_ENDPOINT']) vnMonitoring.endpoint = env['OCI_VNMONITORING_ENDPOINT'];
  const clock: DoctorWorld['clock'] = {
    now: () => Date.now(),
    // Each pause takes its abort listener away when it ends, so a long wait does not pile them up.
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
  return {
    reader: createOciDoctorReader(clients, callerIdentity(provider)),
    analyzer: new OciPathAnalyzer(vnMonitoring, clock),
    probe: createOciProbePorts({ provider, objectStorage: clients.objectStorage, logSearch }),
    clock,
  };
}
