import { LogSearchClient } from 'oci-loggingsearch';
import { VnMonitoringClient } from 'oci-vnmonitoring';
import { createAuthProviderFromEnv } from '../../adapters/oci/auth';
import { boundedClientParams } from '../../adapters/oci/clients';
import { systemClock } from '../../adapters/systemClock';
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
  return {
    reader: createOciDoctorReader(clients, callerIdentity(provider)),
    analyzer: new OciPathAnalyzer(vnMonitoring, systemClock),
    probe: createOciProbePorts({ provider, objectStorage: clients.objectStorage, logSearch }),
    clock: systemClock,
  };
}
