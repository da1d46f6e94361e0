/**
 * A tenancy as the control-plane APIs describe it, built by a test: each resource in the shape
 * its service answers (the SDK deserializes these), so the emulator serves them as they are.
 */

export interface CompartmentResource {
  id: string;
  name: string;
  /** The parent; absent for the tenancy (root compartment). */
  compartmentId?: string;
  lifecycleState: 'ACTIVE';
}

export interface FunctionResource {
  id: string;
  displayName: string;
  applicationId: string;
  compartmentId: string;
  lifecycleState: string;
  image: string;
  memoryInMBs: number;
  timeoutInSeconds: number;
  config: Record<string, string>;
  /** Filled in with the emulator's URL when absent. */
  invokeEndpoint?: string;
}

export interface ApplicationResource {
  id: string;
  displayName: string;
  compartmentId: string;
  lifecycleState: string;
  subnetIds: string[];
  networkSecurityGroupIds: string[];
  config: Record<string, string>;
}

export interface StreamResource {
  id: string;
  name: string;
  compartmentId: string;
  streamPoolId: string;
  partitions: number;
  retentionInHours: number;
  lifecycleState: string;
  messagesEndpoint: string;
  timeCreated: string;
}

export interface StreamPoolResource {
  id: string;
  name: string;
  compartmentId: string;
  lifecycleState: string;
  timeCreated: string;
  isPrivate: boolean;
  endpointFqdn: string;
  kafkaSettings: { bootstrapServers?: string; autoCreateTopicsEnable: boolean; numPartitions: number; logRetentionHours: number };
  customEncryptionKey: { keyState: string };
  privateEndpointSettings?: { subnetId: string; privateEndpointIp: string; nsgIds: string[] };
}

export interface SubnetResource {
  id: string;
  displayName: string;
  compartmentId: string;
  vcnId: string;
  cidrBlock: string;
  dnsLabel?: string;
  routeTableId: string;
  securityListIds: string[];
  lifecycleState: string;
  prohibitPublicIpOnVnic: boolean;
}

export interface VcnResource {
  id: string;
  displayName: string;
  compartmentId: string;
  cidrBlocks: string[];
  dnsLabel?: string;
  lifecycleState: string;
}

export interface PortRange {
  min: number;
  max: number;
}

export interface IngressRule {
  source: string;
  protocol: string;
  isStateless: boolean;
  tcpOptions?: { destinationPortRange?: PortRange };
}

export interface EgressRule {
  destination: string;
  protocol: string;
  isStateless: boolean;
  tcpOptions?: { destinationPortRange?: PortRange };
}

export interface SecurityListResource {
  id: string;
  displayName: string;
  compartmentId: string;
  vcnId: string;
  lifecycleState: string;
  ingressSecurityRules: IngressRule[];
  egressSecurityRules: EgressRule[];
}

export interface NsgRuleResource {
  id: string;
  direction: 'INGRESS' | 'EGRESS';
  protocol: string;
  source?: string;
  destination?: string;
  isStateless: boolean;
  tcpOptions?: { destinationPortRange?: PortRange };
}

export interface RouteTableResource {
  id: string;
  displayName: string;
  compartmentId: string;
  vcnId: string;
  lifecycleState: string;
  routeRules: Array<{ destination: string; destinationType: string; networkEntityId: string }>;
}

export interface BucketResource {
  namespace: string;
  name: string;
  compartmentId: string;
  objectEventsEnabled: boolean;
}

export interface EventsRuleResource {
  id: string;
  displayName: string;
  compartmentId: string;
  condition: string;
  isEnabled: boolean;
  lifecycleState: string;
  actions: { actions: Array<{ actionType: 'FAAS'; id: string; lifecycleState: string; isEnabled: boolean; functionId: string }> };
}

export interface DynamicGroupResource {
  id: string;
  name: string;
  compartmentId: string;
  description: string;
  matchingRule: string;
  lifecycleState: string;
}

export interface PolicyResource {
  id: string;
  name: string;
  compartmentId: string;
  description: string;
  statements: string[];
  lifecycleState: string;
}

export interface LogGroupResource {
  id: string;
  displayName: string;
  compartmentId: string;
}

export interface LogResource {
  id: string;
  logGroupId: string;
  displayName: string;
  isEnabled: boolean;
  lifecycleState: string;
  logType: 'SERVICE';
  configuration: { source: { sourceType: 'OCISERVICE'; service: string; resource: string; category: string } };
}

export interface Tenancy {
  compartments: CompartmentResource[];
  functions: FunctionResource[];
  applications: ApplicationResource[];
  streams: StreamResource[];
  streamPools: StreamPoolResource[];
  subnets: SubnetResource[];
  vcns: VcnResource[];
  securityLists: SecurityListResource[];
  nsgRules: Record<string, NsgRuleResource[]>;
  routeTables: RouteTableResource[];
  buckets: BucketResource[];
  rules: EventsRuleResource[];
  dynamicGroups: DynamicGroupResource[];
  policies: PolicyResource[];
  logGroups: LogGroupResource[];
  logs: LogResource[];
  /** Operations the caller may not perform: answered 404 NotAuthorizedOrNotFound, as OCI answers. */
  denied: string[];
  /**
   * What the Network Path Analyzer finds from the function's subnet to the pool's endpoint; absent
   * when the caller may not use it (answered 404, as OCI answers).
   */
  pathAnalysis?: { reachabilityStatus: 'REACHABLE' | 'UNREACHABLE' | 'INDETERMINATE'; routeAnalysisDescription: string };
  /** A log's content for the Logging Search API: the lines of the function it records. */
  logContent?: Record<string, () => string>;
}
