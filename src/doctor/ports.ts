import type {
  ApplicationInfo,
  BucketInfo,
  Caller,
  CompartmentInfo,
  DynamicGroupInfo,
  EventsRuleInfo,
  FunctionInfo,
  LogInfo,
  PolicyInfo,
  RouteRule,
  SecurityRule,
  StreamInfo,
  StreamPoolInfo,
  SubnetInfo,
  VcnInfo,
} from './model';

/**
 * A read that did not answer: `refused` when the service said 401/403/404 (OCI answers 404 for
 * "not found" and "not authorized" alike), `failed` for anything else (5xx, network).
 */
export interface Unread {
  ok: false;
  kind: 'refused' | 'failed';
  /** The service's answer, for the report: "404 NotAuthorizedOrNotFound (opc-request-id ...)". */
  detail: string;
}

export type Read<T> = { ok: true; value: T } | Unread;

/** Everything the doctor reads: read-only calls, one per method. */
export interface DoctorReader {
  caller(): Promise<Read<Caller>>;
  getFunction(functionId: string): Promise<Read<FunctionInfo>>;
  getApplication(applicationId: string): Promise<Read<ApplicationInfo>>;
  getStream(streamId: string): Promise<Read<StreamInfo>>;
  getStreamPool(streamPoolId: string): Promise<Read<StreamPoolInfo>>;
  getSubnet(subnetId: string): Promise<Read<SubnetInfo>>;
  getVcn(vcnId: string): Promise<Read<VcnInfo>>;
  getSecurityListRules(securityListId: string): Promise<Read<SecurityRule[]>>;
  listNsgRules(nsgId: string): Promise<Read<SecurityRule[]>>;
  getRouteRules(routeTableId: string): Promise<Read<RouteRule[]>>;
  getBucket(namespace: string, bucket: string): Promise<Read<BucketInfo>>;
  /** The compartment's Events rules, each with its actions. */
  listEventsRules(compartmentId: string): Promise<Read<EventsRuleInfo[]>>;
  getCompartment(compartmentId: string): Promise<Read<CompartmentInfo>>;
  listDynamicGroups(tenancyId: string): Promise<Read<DynamicGroupInfo[]>>;
  listPolicies(compartmentId: string): Promise<Read<PolicyInfo[]>>;
  /** Every log of every log group of the compartment. */
  listLogs(compartmentId: string): Promise<Read<LogInfo[]>>;
}

/** OCI's Network Path Analyzer: reachability with every route and rule considered. */
export interface PathAnalyzer {
  /** From an address of the subnet (the function's own is not known before it runs) to the endpoint. */
  tcpReachability(
    from: { compartmentId: string; subnetId: string; address: string },
    to: { ip: string; port: number },
    signal?: AbortSignal,
  ): Promise<Read<{ reachable: boolean; detail: string }>>;
}
