/** What the doctor reads of a deployment, in the doctor's own terms (the adapters map the SDK's models). */

export interface FunctionInfo {
  id: string;
  displayName: string;
  applicationId: string;
  compartmentId: string;
  lifecycleState: string;
  memoryInMBs: number;
  timeoutInSeconds: number;
  config: Record<string, string>;
  invokeEndpoint: string | undefined;
}

export interface ApplicationInfo {
  id: string;
  displayName: string;
  compartmentId: string;
  subnetIds: string[];
  nsgIds: string[];
  config: Record<string, string>;
}

export interface StreamInfo {
  id: string;
  name: string;
  compartmentId: string;
  lifecycleState: string;
  streamPoolId: string;
  partitions: number;
}

export interface StreamPoolInfo {
  id: string;
  name: string;
  lifecycleState: string;
  endpointFqdn: string | undefined;
  /** Absent for a public pool. */
  privateEndpoint: { subnetId: string; ip: string | undefined; nsgIds: string[] } | undefined;
}

export interface SubnetInfo {
  id: string;
  displayName: string;
  vcnId: string;
  cidrBlock: string;
  dnsLabel: string | undefined;
  routeTableId: string;
  securityListIds: string[];
}

export interface VcnInfo {
  id: string;
  displayName: string;
  dnsLabel: string | undefined;
}

export type Direction = 'ingress' | 'egress';

/** One stateful or stateless rule, of a security list or an NSG; `peer` is the source (ingress) or destination (egress). */
export interface SecurityRule {
  direction: Direction;
  /** "6" (TCP), "all", or another IANA protocol number. */
  protocol: string;
  /** A CIDR, or for NSG rules an NSG OCID or a service's CIDR label. */
  peer: string;
  /** The destination port range; absent means every port. */
  tcpPorts: { min: number; max: number } | undefined;
}

export interface RouteRule {
  destination: string;
  networkEntityId: string;
}

export interface BucketInfo {
  namespace: string;
  name: string;
  compartmentId: string;
  objectEventsEnabled: boolean;
}

export interface EventsRuleInfo {
  id: string;
  displayName: string;
  compartmentId: string;
  isEnabled: boolean;
  lifecycleState: string;
  condition: string;
  functionActions: Array<{ functionId: string; isEnabled: boolean }>;
}

export interface CompartmentInfo {
  id: string;
  name: string;
  /** Absent for the tenancy (the root compartment). */
  parentId: string | undefined;
}

export interface DynamicGroupInfo {
  id: string;
  name: string;
  matchingRule: string;
}

export interface PolicyInfo {
  id: string;
  name: string;
  compartmentId: string;
  statements: string[];
}

export interface LogInfo {
  id: string;
  displayName: string;
  logGroupId: string;
  compartmentId: string;
  isEnabled: boolean;
  service: string | undefined;
  resource: string | undefined;
  category: string | undefined;
}

export interface Caller {
  /** The user's OCID for an API key; what else the credentials say they are otherwise. */
  principal: string;
  tenancyId: string;
  region: string | undefined;
  namespace: string;
}
