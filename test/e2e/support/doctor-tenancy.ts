import type { Tenancy } from '../../emulator';

/** The OCIDs of the correct world's resources, fixed so fixes and findings can be asserted. */
export interface DoctorIds {
  tenancy: string;
  functionId: string;
  streamId: string;
  /** The emulator's URL: the stream pool's messages endpoint in the local world. */
  endpoint: string;
}

export const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaaapps';
export const APPLICATION = 'ocid1.fnapp.oc1.iad.aaaaaaaaapplication';
export const POOL = 'ocid1.streampool.oc1.iad.aaaaaaaapool';
export const SUBNET = 'ocid1.subnet.oc1.iad.aaaaaaaafunctions';
export const VCN = 'ocid1.vcn.oc1.iad.aaaaaaaavcn';
export const SECURITY_LIST = 'ocid1.securitylist.oc1.iad.aaaaaaaafunctions';
export const ROUTE_TABLE = 'ocid1.routetable.oc1.iad.aaaaaaaaprivate';
export const SERVICE_GATEWAY = 'ocid1.servicegateway.oc1.iad.aaaaaaaasgw';
export const RULE = 'ocid1.eventrule.oc1.iad.aaaaaaaauploads';
export const DYNAMIC_GROUP = 'ocid1.dynamicgroup.oc1..aaaaaaaafnstreaming';
export const LOG = 'ocid1.log.oc1.iad.aaaaaaaainvoke';
export const LOG_GROUP = 'ocid1.loggroup.oc1.iad.aaaaaaaafunctions';
export const NAMESPACE = 'examplens';
export const BUCKET = 'uploads';
export const OTHER_FUNCTION = 'ocid1.fnfunc.oc1.iad.aaaaaaaaotherfunction';
export const OTHER_STREAM = 'ocid1.stream.oc1.iad.aaaaaaaaotherstream';

const CREATED = '2026-11-20T09:00:00.000Z';

/**
 * A deployment as the README describes it: one compartment "apps" under the tenancy, a private
 * subnet with DNS labels, a 443 rule and a service gateway route, a private stream pool in it,
 * a bucket emitting object events, a rule sending them to the function, the dynamic group and
 * the three policies, and the application's invocation log.
 */
export function correctTenancy(ids: DoctorIds): Tenancy {
  const host = new URL(ids.endpoint).hostname;
  return {
    compartments: [
      { id: ids.tenancy, name: 'exampletenancy', lifecycleState: 'ACTIVE' },
      { id: COMPARTMENT, name: 'apps', compartmentId: ids.tenancy, lifecycleState: 'ACTIVE' },
    ],
    functions: [
      {
        id: ids.functionId,
        displayName: 'fn-streaming',
        applicationId: APPLICATION,
        compartmentId: COMPARTMENT,
        lifecycleState: 'ACTIVE',
        image: 'iad.ocir.io/examplens/fn-streaming:1.0.0',
        memoryInMBs: 128,
        timeoutInSeconds: 150,
        config: { ALLOWED_BUCKETS: BUCKET },
      },
    ],
    applications: [
      {
        id: APPLICATION,
        displayName: 'fn-streaming-app',
        compartmentId: COMPARTMENT,
        lifecycleState: 'ACTIVE',
        subnetIds: [SUBNET],
        networkSecurityGroupIds: [],
        // The local world's function reads Object Storage at the emulator, as its harness does.
        config: { OCI_STREAM_OCID: ids.streamId, OCI_STREAM_ENDPOINT: ids.endpoint, OCI_OBJECTSTORAGE_ENDPOINT: ids.endpoint },
      },
    ],
    streams: [
      { id: ids.streamId, name: 'uploads-stream', compartmentId: COMPARTMENT, streamPoolId: POOL, partitions: 1, retentionInHours: 24, lifecycleState: 'ACTIVE', messagesEndpoint: ids.endpoint, timeCreated: CREATED },
    ],
    streamPools: [
      {
        id: POOL,
        name: 'private-pool',
        compartmentId: COMPARTMENT,
        lifecycleState: 'ACTIVE',
        timeCreated: CREATED,
        isPrivate: true,
        endpointFqdn: host,
        kafkaSettings: { autoCreateTopicsEnable: false, numPartitions: 1, logRetentionHours: 24 },
        customEncryptionKey: { keyState: 'NONE' },
        privateEndpointSettings: { subnetId: SUBNET, privateEndpointIp: '10.0.1.10', nsgIds: [] },
      },
    ],
    subnets: [
      { id: SUBNET, displayName: 'functions', compartmentId: COMPARTMENT, vcnId: VCN, cidrBlock: '10.0.1.0/24', dnsLabel: 'functions', routeTableId: ROUTE_TABLE, securityListIds: [SECURITY_LIST], lifecycleState: 'AVAILABLE', prohibitPublicIpOnVnic: true },
    ],
    vcns: [{ id: VCN, displayName: 'fn-streaming-vcn', compartmentId: COMPARTMENT, cidrBlocks: ['10.0.0.0/16'], dnsLabel: 'fnstreaming', lifecycleState: 'AVAILABLE' }],
    securityLists: [
      {
        id: SECURITY_LIST,
        displayName: 'functions-list',
        compartmentId: COMPARTMENT,
        vcnId: VCN,
        lifecycleState: 'AVAILABLE',
        ingressSecurityRules: [{ source: '10.0.1.0/24', protocol: '6', isStateless: false, tcpOptions: { destinationPortRange: { min: 443, max: 443 } } }],
        egressSecurityRules: [{ destination: '0.0.0.0/0', protocol: 'all', isStateless: false }],
      },
    ],
    nsgRules: {},
    routeTables: [
      {
        id: ROUTE_TABLE,
        displayName: 'private-routes',
        compartmentId: COMPARTMENT,
        vcnId: VCN,
        lifecycleState: 'AVAILABLE',
        routeRules: [{ destination: 'all-iad-services-in-oracle-services-network', destinationType: 'SERVICE_CIDR_BLOCK', networkEntityId: SERVICE_GATEWAY }],
      },
    ],
    buckets: [{ namespace: NAMESPACE, name: BUCKET, compartmentId: COMPARTMENT, objectEventsEnabled: true }],
    rules: [
      {
        id: RULE,
        displayName: 'uploads-to-fn-streaming',
        compartmentId: COMPARTMENT,
        condition: JSON.stringify({ eventType: ['com.oraclecloud.objectstorage.createobject', 'com.oraclecloud.objectstorage.updateobject'], data: { additionalDetails: { bucketName: [BUCKET] } } }),
        isEnabled: true,
        lifecycleState: 'ACTIVE',
        actions: { actions: [{ actionType: 'FAAS', id: 'ocid1.eventaction.oc1.iad.aaaaaaaaone', lifecycleState: 'ACTIVE', isEnabled: true, functionId: ids.functionId }] },
      },
    ],
    dynamicGroups: [
      { id: DYNAMIC_GROUP, name: 'fn-streaming-dg', compartmentId: ids.tenancy, description: 'fn-streaming', matchingRule: `ALL {resource.type = 'fnfunc', resource.compartment.id = '${COMPARTMENT}'}`, lifecycleState: 'ACTIVE' },
    ],
    policies: [
      {
        id: 'ocid1.policy.oc1..aaaaaaaafnstreaming',
        name: 'fn-streaming',
        compartmentId: ids.tenancy,
        description: 'fn-streaming',
        lifecycleState: 'ACTIVE',
        statements: [
          `Allow dynamic-group fn-streaming-dg to read objects in compartment apps where target.bucket.name = '${BUCKET}'`,
          `Allow dynamic-group fn-streaming-dg to use stream-push in compartment apps where target.stream.id = '${ids.streamId}'`,
          'Allow service cloudEvents to use functions-family in compartment apps',
        ],
      },
    ],
    logGroups: [{ id: LOG_GROUP, displayName: 'functions', compartmentId: COMPARTMENT }],
    logs: [
      {
        id: LOG,
        logGroupId: LOG_GROUP,
        displayName: 'fn-streaming-app-invoke',
        isEnabled: true,
        lifecycleState: 'ACTIVE',
        logType: 'SERVICE',
        configuration: { source: { sourceType: 'OCISERVICE', service: 'functions', resource: APPLICATION, category: 'invoke' } },
      },
    ],
    denied: [],
  };
}
