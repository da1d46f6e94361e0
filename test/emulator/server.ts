import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ControlPlane } from './control-plane';
import { FaultQueue } from './faults';
import { newRequestId, OciHttpError, readBody, sendError, sendJson } from './http-util';
import { KeyResolver, redactKeyId } from './keys';
import { getFunction, invokeFunction, type RegisteredFunction } from './function-routes';
import { listObjects } from './list-routes';
import { createPar, putObject, selectVersion, sendObject } from './object-routes';
import type { ObjectStore } from './object-store';
import { routeRequest, type RoutedRequest } from './router';
import { verifyRequest } from './signature';
import { createCursor, faultApplies, getMessages, putMessages, type MessageLimits } from './stream-routes';
import type { StreamStore } from './stream-store';
import type { EmulatorOptions, Fault, Operation, RequestRecord } from './types';

const DEFAULT_CODES: Record<number, string> = {
  400: 'InvalidParameter',
  401: 'NotAuthenticated',
  404: 'NotAuthorizedOrNotFound',
  409: 'Conflict',
  412: 'IfMatchFailed',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

const FAULTABLE = new Set<string>([
  'getObject',
  'headObject',
  'putObject',
  'createPar',
  'putMessages',
  'createCursor',
  'getMessages',
  'listObjects',
  'getNamespace',
  'getFunction',
  'invokeFunction',
]);

/** Ties a request to its record, checks its signature, applies faults, and hands it to a handler. */
export class RequestHandler {
  readonly faults = new FaultQueue();
  readonly records: RequestRecord[] = [];
  readonly functions = new Map<string, RegisteredFunction>();
  baseUrl = '';
  /** The doctor's control-plane routes, answered before the data-plane ones when a tenancy is set. */
  controlPlane?: ControlPlane;
  private readonly keys: KeyResolver;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    options: EmulatorOptions,
    private readonly objects: ObjectStore,
    private readonly streams: StreamStore,
    private readonly limits: MessageLimits,
    private readonly namespace: string,
    private readonly maxListPage?: number,
  ) {
    this.keys = new KeyResolver(options);
  }

  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const record: RequestRecord = { method: req.method ?? '', path: req.url ?? '', operation: 'unknown', status: 0, signatureValid: false, durationMs: 0 };
    this.records.push(record);
    res.setHeader('opc-request-id', newRequestId());
    try {
      const body = await readBody(req);
      const routed = routeRequest(record.method, record.path);
      const control = this.controlPlane?.match(record.method, routed.path, routed.query);
      record.operation = control?.operation ?? routed.operation;
      const anonymous = !control && routed.route.kind === 'parObject';
      if (!anonymous) {
        const check = verifyRequest(req, body, this.keys);
        if (check.keyId !== undefined) record.keyId = redactKeyId(check.keyId);
        record.signatureValid = check.valid;
        if (!check.valid) throw new OciHttpError(401, 'NotAuthenticated', check.reason ?? 'The request is not authenticated');
      }
      if (control) return await control.answer(req, res, body);
      const fault = FAULTABLE.has(routed.operation) ? this.faults.take(routed.operation as Operation, (candidate) => faultApplies(candidate, body)) : undefined;
      if (fault?.delayMs) await this.sleep(fault.delayMs);
      if (fault?.reset) {
        req.socket.destroy();
      } else if (fault?.stall) {
        await this.heldOpen(req, record, started);
      } else if (fault?.status) {
        const code = fault.code ?? DEFAULT_CODES[fault.status] ?? 'InternalServerError';
        sendError(res, fault.status, code, `Injected fault: ${code}`);
      } else {
        await this.dispatch(routed, req, res, body, fault);
        if (fault?.stallBodyAfterBytes !== undefined) await this.heldOpen(req, record, started);
      }
    } catch (error) {
      if (error instanceof OciHttpError) sendError(res, error.status, error.code, error.message);
      else sendError(res, 500, 'InternalServerError', `Emulator error: ${(error as Error).message}`);
    } finally {
      // Completed before the client can see the answer, so requests() is current when a call returns.
      record.status = res.headersSent ? res.statusCode : 0;
      record.durationMs = performance.now() - started;
    }
  }

  private dispatch(routed: RoutedRequest, req: IncomingMessage, res: ServerResponse, body: Buffer, fault?: Fault): void | Promise<void> {
    const { route, operation, query } = routed;
    switch (route.kind) {
      case 'object':
        if (operation === 'putObject') return putObject(this.objects, route.address, req, res, body);
        if (operation === 'getObject' || operation === 'headObject') {
          const head = operation === 'headObject';
          const version = selectVersion(this.objects, route.address, req, query, head);
          return sendObject(req, res, version, {
            head,
            ...(fault?.truncateBodyAfterBytes !== undefined ? { truncateBodyAfterBytes: fault.truncateBodyAfterBytes } : {}),
            ...(fault?.stallBodyAfterBytes !== undefined ? { stallBodyAfterBytes: fault.stallBodyAfterBytes } : {}),
          });
        }
        break;
      case 'parObject':
        if (operation === 'parGetObject' || operation === 'parHeadObject') {
          const head = operation === 'parHeadObject';
          const address = this.objects.parTarget(route.token, route.address);
          return sendObject(req, res, selectVersion(this.objects, address, req, new URLSearchParams(), head), { head });
        }
        break;
      case 'parCreate':
        if (operation === 'createPar') return createPar(this.objects, route.namespace, route.bucket, res, body, this.baseUrl);
        break;
      case 'streamMessages':
        if (operation === 'putMessages') return putMessages(this.streams, route.streamId, res, body, this.limits, fault);
        if (operation === 'getMessages') return getMessages(this.streams, route.streamId, res, query);
        break;
      case 'streamCursors':
        if (operation === 'createCursor') return createCursor(this.streams, route.streamId, res, body);
        break;
      case 'namespace':
        if (operation === 'getNamespace') return sendJson(res, 200, this.namespace);
        break;
      case 'objectList':
        if (operation === 'listObjects') return listObjects(this.objects, route.namespace, route.bucket, res, query, this.maxListPage);
        break;
      case 'function':
        if (operation === 'getFunction') return getFunction(this.functions, route.functionId, res, this.baseUrl);
        break;
      case 'functionInvoke':
        if (operation === 'invokeFunction') return invokeFunction(this.functions, route.functionId, res, body);
        break;
      case 'none':
        throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `No such resource: ${routed.path}`);
    }
    throw new OciHttpError(405, 'MethodNotAllowed', `${req.method ?? ''} is not supported on ${routed.path}`);
  }

  /** A stalled peer: nothing more is sent until the client closes the connection, which is recorded. */
  private heldOpen(req: IncomingMessage, record: RequestRecord, started: number): Promise<void> {
    return new Promise((resolve) => {
      const closed = () => {
        record.socketClosedAfterMs = performance.now() - started;
        resolve();
      };
      if (req.socket.destroyed) closed();
      else req.socket.once('close', closed);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
