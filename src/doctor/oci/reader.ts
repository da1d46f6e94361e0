import * as common from 'oci-common';
import { VirtualNetworkClient } from 'oci-core';
import { EventsClient } from 'oci-events';
import { FunctionsManagementClient } from 'oci-functions';
import { IdentityClient } from 'oci-identity';
import { LoggingManagementClient } from 'oci-logging';
import { ObjectStorageClient } from 'oci-objectstorage';
import { StreamAdminClient } from 'oci-streaming';
import type { Caller } from '../model';
import type { DoctorReader, Read } from '../ports';
import { OciNetworkReads } from './network';
import { readOf } from './reads';
import { OciBucketReads, OciEventsReads, OciFunctionsReads, OciIdentityReads, OciLoggingReads, OciStreamingReads } from './services';

type Env = Readonly<Record<string, string | undefined>>;

/** Who the credentials say the caller is: the user of an API key, or the principal's tenancy. */
export interface CallerIdentity {
  principal: string;
  tenancyId: string;
  region: string | undefined;
}

export interface DoctorClients {
  objectStorage: ObjectStorageClient;
  functions: FunctionsManagementClient;
  streamAdmin: StreamAdminClient;
  network: VirtualNetworkClient;
  identity: IdentityClient;
  events: EventsClient;
  logging: LoggingManagementClient;
}

/** A few attempts for a read that met throttling or a 5xx; the circuit breaker would outlive a one-off run. */
export const DOCTOR_CLIENT_CONFIGURATION: common.ClientConfiguration = {
  retryConfiguration: { terminationStrategy: new common.MaxAttemptsTerminationStrategy(3) },
  circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
};

/** Each service's endpoint override (the local world sets them all; OCI does not need them). */
export const ENDPOINT_VARIABLES = {
  objectStorage: 'OCI_OBJECTSTORAGE_ENDPOINT',
  functions: 'OCI_FUNCTIONS_ENDPOINT',
  streamAdmin: 'OCI_STREAMING_ENDPOINT',
  network: 'OCI_CORE_ENDPOINT',
  identity: 'OCI_IDENTITY_ENDPOINT',
  events: 'OCI_EVENTS_ENDPOINT',
  logging: 'OCI_LOGGING_ENDPOINT',
} as const satisfies Record<keyof DoctorClients, string>;

export function createDoctorClients(params: common.AuthParams, env: Env): DoctorClients {
  const clients: DoctorClients = {
    objectStorage: new ObjectStorageClient(params, DOCTOR_CLIENT_CONFIGURATION),
    functions: new FunctionsManagementClient(params, DOCTOR_CLIENT_CONFIGURATION),
    streamAdmin: new StreamAdminClient(params, DOCTOR_CLIENT_CONFIGURATION),
    network: new VirtualNetworkClient(params, DOCTOR_CLIENT_CONFIGURATION),
    identity: new IdentityClient(params, DOCTOR_CLIENT_CONFIGURATION),
    events: new EventsClient(params, DOCTOR_CLIENT_CONFIGURATION),
    logging: new LoggingManagementClient(params, DOCTOR_CLIENT_CONFIGURATION),
  };
  for (const [name, variable] of Object.entries(ENDPOINT_VARIABLES)) {
    const endpoint = env[variable];
    if (endpoint) clients[name as keyof DoctorClients].endpoint = endpoint;
  }
  return clients;
}

/** What the provider says about the caller, as far as its kind tells. */
export function callerIdentity(provider: common.AuthenticationDetailsProvider): CallerIdentity {
  const described = provider as Partial<{ getUser(): string; getTenantId(): string; getRegion(): common.Region | undefined }>;
  const tenancyId = described.getTenantId?.() ?? 'unknown';
  return {
    principal: described.getUser ? `user ${described.getUser()}` : 'a resource or instance principal',
    tenancyId,
    region: described.getRegion?.()?.regionId,
  };
}

/** The doctor's reads over the SDK's clients, one package per service. */
export function createOciDoctorReader(clients: DoctorClients, identity: CallerIdentity): DoctorReader {
  const functions = new OciFunctionsReads(clients.functions);
  const streaming = new OciStreamingReads(clients.streamAdmin);
  const network = new OciNetworkReads(clients.network);
  const buckets = new OciBucketReads(clients.objectStorage);
  const events = new OciEventsReads(clients.events);
  const iam = new OciIdentityReads(clients.identity);
  const logging = new OciLoggingReads(clients.logging);
  return {
    caller: (): Promise<Read<Caller>> =>
      readOf('getNamespace', async () => {
        const { value: namespace } = await clients.objectStorage.getNamespace({});
        return { ...identity, namespace };
      }),
    getFunction: (id) => functions.getFunction(id),
    getApplication: (id) => functions.getApplication(id),
    getStream: (id) => streaming.getStream(id),
    getStreamPool: (id) => streaming.getStreamPool(id),
    getSubnet: (id) => network.getSubnet(id),
    getVcn: (id) => network.getVcn(id),
    getSecurityListRules: (id) => network.getSecurityListRules(id),
    listNsgRules: (id) => network.listNsgRules(id),
    getRouteRules: (id) => network.getRouteRules(id),
    getBucket: (namespace, bucket) => buckets.getBucket(namespace, bucket),
    listEventsRules: (id) => events.listEventsRules(id),
    getCompartment: (id) => iam.getCompartment(id),
    listDynamicGroups: (id) => iam.listDynamicGroups(id),
    listPolicies: (id) => iam.listPolicies(id),
    listLogs: (id) => logging.listLogs(id),
  };
}
