import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { HttpClient, HttpRequest, RequestSigner } from 'oci-common';
import { headersWithinMs, TRANSPORT_BOUNDS, type TransportBounds } from './bounds';
import { TRANSPORT_CODES, transportFailure, type TransportFailure } from './failure';

/** How long an idle kept-alive connection is kept: below the usual server and load-balancer idle timeouts. */
const IDLE_SOCKET_MS = 4_000;

/** The part of a fetch `Response` the SDK's generated clients read. */
export interface TransportResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null; forEach(visit: (value: string, name: string) => void): void };
  /** The body as it arrives; getObject hands it on as the object's bytes. */
  body: IncomingMessage;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** Node's own error for the failure (its code and message), with the endpoint it was for. */
function networkFailure(error: Error & { code?: unknown }, host: string): TransportFailure {
  return Object.assign(error, { code: typeof error.code === 'string' ? error.code : 'ECONNRESET', host });
}

export interface SendOptions {
  /** Aborting it abandons the request: its socket is destroyed and the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called once, when the socket is done with the body (written, or the request destroyed): only then may it be reused. */
  onBodyReleased?: () => void;
}

function joined(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

function responseOf(message: IncomingMessage): TransportResponse {
  const text = async (): Promise<string> => {
    const pieces: Buffer[] = [];
    for await (const piece of message) pieces.push(piece as Buffer);
    return Buffer.concat(pieces).toString('utf8');
  };
  return {
    status: message.statusCode ?? -1,
    statusText: message.statusMessage ?? '',
    headers: {
      get: (name) => joined(message.headers[name.toLowerCase()]),
      forEach: (visit) => {
        for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) visit(joined(value)!, name);
      },
    },
    body: message,
    text,
    json: async () => JSON.parse(await text()) as unknown,
  };
}

function headersOf(request: HttpRequest, contentLength: number | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (contentLength !== undefined) headers['content-length'] = contentLength;
  return headers;
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  throw new Error('Unsupported request body: the function only sends string bodies.');
}

/**
 * Tells `onBodyReleased` once the socket is done with the body: all of it handed to the kernel,
 * or the socket closed. A server may answer (and the request close) while the body is still being
 * written; that rest must go out within `ms`, or the socket is closed.
 */
function releaseWhenWritten(outgoing: ClientRequest, ms: number, onBodyReleased: (() => void) | undefined): void {
  const socket = outgoing.socket;
  if (outgoing.writableFinished || !socket || socket.destroyed) {
    onBodyReleased?.();
    return;
  }
  const release = () => {
    clearTimeout(timer);
    outgoing.off('finish', release);
    socket.off('close', release);
    onBodyReleased?.();
  };
  const timer = setTimeout(() => socket.destroy(), ms);
  outgoing.once('finish', release);
  socket.once('close', release);
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * The SDK clients' transport, and the stream sink's: requests composed and signed as the SDK
 * does, sent over node:http(s) with kept-alive connections, without loading fetch (and its WHATWG
 * streams) for every request. TLS is Node's default: the bundled CA roots (plus
 * NODE_EXTRA_CA_CERTS), certificate and host name verified.
 *
 * Every request is bounded at each step (see bounds.ts): a connection that is not ready in time,
 * or headers that do not come, abandon it: the socket is destroyed, and the idle connections to
 * the same endpoints are closed too (they may have died the same way), so a retry opens a new one.
 */
export class NodeHttpClient implements HttpClient {
  private readonly agents = {
    'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
    'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
  };
  /** Sockets whose connection (and TLS handshake) completed: a kept-alive one skips the connect bound. */
  private readonly ready = new WeakSet<Socket>();
  /** The signals of SDK calls under way, by the opc-client-request-id each call's requests carry. */
  private readonly callSignals = new Map<string, AbortSignal>();

  constructor(
    private readonly signer: RequestSigner,
    private readonly bounds: TransportBounds = TRANSPORT_BOUNDS,
  ) {}

  /**
   * Runs an SDK call whose requests are abandoned (sockets destroyed) when `signal` aborts. The
   * call is given an id to send as its `opc-client-request-id` (the SDK's own header for telling
   * one call's requests apart, also seen in the service's logs), by which its requests find the
   * signal. Without it a request is still held to the transport's bounds: only the early cancel is lost.
   */
  async abandonedOnAbort<T>(signal: AbortSignal, call: (opcClientRequestId: string) => Promise<T>): Promise<T> {
    const id = randomUUID();
    this.callSignals.set(id, signal);
    try {
      return await call(id);
    } finally {
      this.callSignals.delete(id);
    }
  }

  /** The SDK clients' path: the request as composed, its body as given, signed here. */
  async send(request: HttpRequest, forceExcludeBody = false): Promise<Response> {
    const body = bodyBytes(request.body);
    await this.signer.signHttpRequest({ method: request.method, headers: request.headers, uri: request.uri, body: request.body }, forceExcludeBody);
    const signal = this.callSignals.get(request.headers.get('opc-client-request-id') ?? '');
    return (await this.dispatch(request, body, { signal })) as unknown as Response;
  }

  /**
   * The explicit path for a body the caller assembled and the signature does not cover
   * (PutMessages): `request` as the SDK composed it, without a body, signed here; `body` sent as
   * given. `onBodyReleased` is always called, once, when the body may be reused.
   */
  async sendUnsignedBody(request: HttpRequest, body: Buffer, options: SendOptions): Promise<TransportResponse> {
    try {
      await this.signer.signHttpRequest({ method: request.method, headers: request.headers, uri: request.uri }, true);
    } catch (error) {
      options.onBodyReleased?.();
      throw error;
    }
    return this.dispatch(request, body, options);
  }

  /**
   * Sends one request within the bounds. Only this function (not the listeners it leaves on the
   * request) holds the body, so that a request that is abandoned lets it go at once.
   */
  private dispatch(request: HttpRequest, body: Buffer | undefined, options: SendOptions): Promise<TransportResponse> {
    const url = new URL(request.uri);
    const agent = url.protocol === 'https:' || url.protocol === 'http:' ? this.agents[url.protocol] : undefined;
    if (!agent || options.signal?.aborted) {
      options.onBodyReleased?.();
      return Promise.reject(agent ? options.signal?.reason : new Error(`Unsupported endpoint scheme ${url.protocol} (expected https: or http:).`));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method: request.method, headers: headersOf(request, body?.byteLength), agent });
    const answer = this.bounded(outgoing, url, agent, headersWithinMs(this.bounds, body?.byteLength ?? 0), options);
    outgoing.end(body);
    return answer;
  }

  private bounded(outgoing: ClientRequest, url: URL, agent: HttpAgent, headersMs: number, { signal, onBodyReleased }: SendOptions): Promise<TransportResponse> {
    const host = url.host;
    const tls = url.protocol === 'https:';
    return new Promise<TransportResponse>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const settle = (): boolean => {
        clearTimeout(timer);
        const first = !settled;
        settled = true;
        return first;
      };
      const abandon = (error: Error) => {
        if (settle()) reject(error);
        outgoing.destroy();
        this.closeIdleConnections(agent);
      };
      const startedAt = Date.now();
      // What the request waits for, and how that is said when it does not come (in time, or before the caller gives up).
      let waitingFor: (elapsed: string) => TransportFailure = (elapsed) =>
        transportFailure(TRANSPORT_CODES.connectTimeout, host, `no ${tls ? 'connection and TLS handshake' : 'connection'} to ${host} within ${elapsed}`);
      const within = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => abandon(waitingFor(seconds(ms))), ms);
      };
      const awaitHeaders = () => {
        waitingFor = (elapsed) => transportFailure(TRANSPORT_CODES.noResponse, host, `${host} sent no response within ${elapsed} of the request`);
        within(headersMs);
      };
      // Given up by the caller: said as what it was waiting for, with the caller's reason as the cause.
      const onAbort = () => {
        const failure = waitingFor(`${seconds(Date.now() - startedAt)} (all the time the attempt had)`);
        abandon(Object.assign(failure, { cause: signal!.reason as unknown }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      outgoing.once('socket', (socket: Socket) => {
        if (this.ready.has(socket)) return awaitHeaders();
        within(this.bounds.connectMs);
        socket.once(tls ? 'secureConnect' : 'connect', () => {
          this.ready.add(socket);
          if (!settled) awaitHeaders();
        });
      });
      outgoing.once('response', (message) => {
        if (settle()) resolve(responseOf(message));
      });
      outgoing.on('error', (error) => {
        if (!settle()) return;
        reject(networkFailure(error, host));
        this.closeIdleConnections(agent);
      });
      outgoing.once('close', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        releaseWhenWritten(outgoing, headersMs, onBodyReleased);
      });
    });
  }

  /** After a connection failed or stalled, its kept-alive siblings are suspect: the next request opens a new one. */
  private closeIdleConnections(agent: HttpAgent): void {
    for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }
}
