import type { IncomingMessage, ServerResponse } from 'node:http';
import { OciHttpError, parseJsonBody, sendJson } from '../http-util';
import type { ObjectAddress, ObjectStore } from '../object-store';
import { putObject } from '../object-routes';
import type { FunctionTarget } from '../types';
import { deliverObjectEvent } from './events';
import type { Tenancy } from './tenancy';

export interface ControlPlaneContext {
  tenancy: Tenancy;
  objects: ObjectStore;
  baseUrl: string;
  functionTarget(functionId: string): FunctionTarget | undefined;
}

interface Call {
  params: string[];
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  context: ControlPlaneContext;
}

interface ControlRoute {
  method: string;
  pattern: RegExp;
  operation: string;
  /** Whether this route answers for the request at all (else the data-plane routes do). */
  owns?: (params: string[], tenancy: Tenancy) => boolean;
  answer(call: Call): void | Promise<void>;
}

const PATH_ANALYSIS_WORK_REQUEST = 'ocid1.vnmonitoringworkrequest.oc1.iad.aaaaaaaapathanalysis';

function found<T>(item: T | undefined, what: string): T {
  if (item === undefined) throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `${what} not found or not authorized`);
  return item;
}

function byId<T extends { id: string }>(items: readonly T[], id: string | undefined, what: string): T {
  return found(items.find((item) => item.id === id), `${what} ${id ?? ''}`);
}

function inCompartment<T extends { compartmentId?: string }>(items: readonly T[], query: URLSearchParams): T[] {
  const compartmentId = query.get('compartmentId');
  if (!compartmentId) throw new OciHttpError(400, 'MissingParameter', 'compartmentId is required');
  return items.filter((item) => item.compartmentId === compartmentId);
}

function exists(objects: ObjectStore, address: ObjectAddress): boolean {
  try {
    objects.get(address);
    return true;
  } catch {
    return false;
  }
}

const tenancyBucket = (params: string[], tenancy: Tenancy) => tenancy.buckets.some((b) => b.namespace === params[0] && b.name === params[1]);

const ROUTES: ControlRoute[] = [
  {
    method: 'GET',
    pattern: /^\/20181201\/functions\/([^/]+)$/,
    operation: 'getFunction',
    owns: ([id], tenancy) => tenancy.functions.some((fn) => fn.id === id),
    answer: ({ params, res, context }) => {
      const fn = byId(context.tenancy.functions, params[0], 'Function');
      sendJson(res, 200, { ...fn, invokeEndpoint: fn.invokeEndpoint ?? context.baseUrl });
    },
  },
  { method: 'GET', pattern: /^\/20181201\/applications\/([^/]+)$/, operation: 'getApplication', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.applications, params[0], 'Application')) },
  { method: 'GET', pattern: /^\/20180418\/streams\/([^/]+)$/, operation: 'getStream', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.streams, params[0], 'Stream')) },
  { method: 'GET', pattern: /^\/20180418\/streampools\/([^/]+)$/, operation: 'getStreamPool', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.streamPools, params[0], 'Stream pool')) },
  { method: 'GET', pattern: /^\/20160918\/subnets\/([^/]+)$/, operation: 'getSubnet', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.subnets, params[0], 'Subnet')) },
  { method: 'GET', pattern: /^\/20160918\/vcns\/([^/]+)$/, operation: 'getVcn', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.vcns, params[0], 'Vcn')) },
  { method: 'GET', pattern: /^\/20160918\/securityLists\/([^/]+)$/, operation: 'getSecurityList', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.securityLists, params[0], 'Security list')) },
  {
    method: 'GET',
    pattern: /^\/20160918\/networkSecurityGroups\/([^/]+)\/securityRules$/,
    operation: 'listNetworkSecurityGroupSecurityRules',
    answer: ({ params, res, context }) => sendJson(res, 200, found(context.tenancy.nsgRules[params[0]!], `Network security group ${params[0]}`)),
  },
  { method: 'GET', pattern: /^\/20160918\/routeTables\/([^/]+)$/, operation: 'getRouteTable', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.routeTables, params[0], 'Route table')) },
  { method: 'GET', pattern: /^\/20160918\/compartments\/([^/]+)$/, operation: 'getCompartment', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.compartments, params[0], 'Compartment')) },
  { method: 'GET', pattern: /^\/20160918\/dynamicGroups$/, operation: 'listDynamicGroups', answer: ({ query, res, context }) => sendJson(res, 200, inCompartment(context.tenancy.dynamicGroups, query)) },
  { method: 'GET', pattern: /^\/20160918\/policies$/, operation: 'listPolicies', answer: ({ query, res, context }) => sendJson(res, 200, inCompartment(context.tenancy.policies, query)) },
  {
    method: 'GET',
    pattern: /^\/20181201\/rules$/,
    operation: 'listRules',
    answer: ({ query, res, context }) => sendJson(res, 200, inCompartment(context.tenancy.rules, query).map(({ actions: _actions, ...summary }) => summary)),
  },
  { method: 'GET', pattern: /^\/20181201\/rules\/([^/]+)$/, operation: 'getRule', answer: ({ params, res, context }) => sendJson(res, 200, byId(context.tenancy.rules, params[0], 'Rule')) },
  { method: 'GET', pattern: /^\/20200531\/logGroups$/, operation: 'listLogGroups', answer: ({ query, res, context }) => sendJson(res, 200, inCompartment(context.tenancy.logGroups, query)) },
  {
    method: 'GET',
    pattern: /^\/20200531\/logGroups\/([^/]+)\/logs$/,
    operation: 'listLogs',
    answer: ({ params, res, context }) => sendJson(res, 200, context.tenancy.logs.filter((log) => log.logGroupId === params[0])),
  },
  {
    method: 'POST',
    pattern: /^\/20160918\/pathAnalysis$/,
    operation: 'getPathAnalysis',
    answer: ({ res, body, context }) => {
      found(context.tenancy.pathAnalysis, 'Path analysis');
      const details = parseJsonBody(body) as { type?: string; protocol?: number; sourceEndpoint?: { subnetId?: string; address?: string }; destinationEndpoint?: { address?: string } };
      if (details.type !== 'ADHOC_QUERY' || details.protocol !== 6 || !details.sourceEndpoint?.subnetId || !details.sourceEndpoint.address || !details.destinationEndpoint?.address) {
        throw new OciHttpError(400, 'InvalidParameter', 'an ad hoc TCP analysis needs a source subnet with an address and a destination address');
      }
      sendJson(res, 202, {}, { 'opc-work-request-id': PATH_ANALYSIS_WORK_REQUEST });
    },
  },
  {
    method: 'GET',
    pattern: /^\/20160918\/workRequests\/([^/]+)$/,
    operation: 'getWorkRequest',
    answer: ({ params, res }) => {
      found(params[0] === PATH_ANALYSIS_WORK_REQUEST ? true : undefined, `Work request ${params[0]}`);
      sendJson(res, 200, { id: params[0], operationType: 'GET_PATH_ANALYSIS', compartmentId: 'ocid1.compartment.oc1..emulator', resources: [], percentComplete: 100, status: 'SUCCEEDED', timeAccepted: new Date(0).toISOString() });
    },
  },
  {
    method: 'GET',
    pattern: /^\/20160918\/workRequests\/([^/]+)\/results$/,
    operation: 'listWorkRequestResults',
    answer: ({ res, context }) => {
      const analysis = found(context.tenancy.pathAnalysis, 'Path analysis');
      const path = { forwardRoute: { ...analysis, nodes: [] }, topology: { type: 'PATH', entities: [], relationships: [], timeCreated: new Date(0).toISOString() } };
      sendJson(res, 200, { items: [{ resultType: 'PATH_ANALYSIS', timeCreated: new Date(0).toISOString(), paths: [path] }] });
    },
  },
  { method: 'POST', pattern: /^\/20190909\/search$/, operation: 'searchLogs', answer: (call) => searchLogs(call) },
  {
    method: 'GET',
    pattern: /^\/n\/([^/]+)\/b\/([^/]+)\/?$/,
    operation: 'getBucket',
    answer: ({ params, res, context }) => {
      const bucket = found(context.tenancy.buckets.find((b) => b.namespace === params[0] && b.name === params[1]), `Bucket ${params[1]}`);
      sendJson(res, 200, { ...bucket, createdBy: 'ocid1.user.oc1..emulator', timeCreated: new Date(0).toISOString(), etag: 'emulated', publicAccessType: 'NoPublicAccess', storageTier: 'Standard', versioning: 'Disabled' });
    },
  },
  {
    method: 'PUT',
    pattern: /^\/n\/([^/]+)\/b\/([^/]+)\/o\/(.+)$/s,
    operation: 'putObject',
    owns: tenancyBucket,
    answer: ({ params, req, res, body, context }) => {
      const [namespace, bucket, name] = params as [string, string, string];
      const existed = exists(context.objects, { namespace, bucket, name });
      putObject(context.objects, { namespace, bucket, name }, req, res, body);
      deliverObjectEvent(context, { namespace, bucket, name, eTag: context.objects.get({ namespace, bucket, name }).eTag, updated: existed });
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/n\/([^/]+)\/b\/([^/]+)\/o\/(.+)$/s,
    operation: 'deleteObject',
    owns: tenancyBucket,
    answer: ({ params, res, context }) => {
      const [namespace, bucket, name] = params as [string, string, string];
      context.objects.delete({ namespace, bucket, name });
      res.writeHead(204);
      res.end();
    },
  },
];

/** Logging Search: the lines of the log's source, each as a result whose data is the line's JSON. */
function searchLogs({ res, body, context }: Call): void {
  const query = String(parseJsonBody(body)['searchQuery'] ?? '');
  const logId = /search\s+"[^"/]*\/[^"/]*\/([^"/]+)"/.exec(query)?.[1];
  const source = logId === undefined ? undefined : context.tenancy.logContent?.[logId];
  const lines = (source?.() ?? '').split('\n').filter((line) => line.trim().startsWith('{'));
  const results = lines.map((line) => ({ data: { logContent: { data: JSON.parse(line) as unknown } } }));
  sendJson(res, 200, { summary: { resultCount: results.length, fieldCount: 0 }, results });
}

export interface ControlMatch {
  operation: string;
  answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void | Promise<void>;
}

/** The control-plane route of a request, when a tenancy is set and the route is one of its. */
export function matchControlRoute(context: ControlPlaneContext, method: string, path: string, query: URLSearchParams): ControlMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params = m.slice(1).map((part) => decodeURIComponent(part));
    if (route.owns && !route.owns(params, context.tenancy)) return undefined;
    return {
      operation: route.operation,
      answer: (req, res, body) => {
        if (context.tenancy.denied.includes(route.operation)) throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Authorization failed or requested resource not found (${route.operation})`);
        return route.answer({ params, query, req, res, body, context });
      },
    };
  }
  return undefined;
}
