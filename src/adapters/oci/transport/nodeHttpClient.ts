import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { HttpClient, HttpRequest, RequestSigner } from 'oci-common';

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

/**
 * The SDK clients' transport: the SDK composes and signs every request as with its default
 * fetch client; this sends it over node:http(s) with kept-alive connections, without loading
 * fetch (and its WHATWG streams) for every request. TLS is Node's default: the bundled CA roots
 * (plus NODE_EXTRA_CA_CERTS), certificate and host name verified.
 *
 * PutMessages bodies are not signed (the SDK excludes them), so the sink may hand over the bytes
 * of a body it assembled itself (`withPreparedBody`), sparing the SDK's JSON string copies of
 * every base64 message.
 */
export class NodeHttpClient implements HttpClient {
  private readonly agents = {
    'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
    'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
  };
  private readonly preparedBodies = new Map<string, Buffer>();

  constructor(private readonly signer: RequestSigner) {}

  /**
   * Runs `call` with `body` standing in for the body of the one request it sends with
   * `opc-request-id` equal to the id given to it; the SDK's own serialized body is not sent.
   */
  async withPreparedBody<T>(body: Buffer, call: (opcRequestId: string) => Promise<T>): Promise<T> {
    const opcRequestId = randomUUID().replaceAll('-', '').toUpperCase();
    this.preparedBodies.set(opcRequestId, body);
    try {
      return await call(opcRequestId);
    } finally {
      this.preparedBodies.delete(opcRequestId);
    }
  }

  async send(request: HttpRequest, forceExcludeBody = false): Promise<Response> {
    const url = new URL(request.uri);
    const agent = url.protocol === 'https:' || url.protocol === 'http:' ? this.agents[url.protocol] : undefined;
    if (!agent) throw new Error(`Unsupported endpoint scheme ${url.protocol} (expected https: or http:).`);

    const prepared = this.preparedBodies.get(request.headers.get('opc-request-id') ?? '');
    if (prepared && !forceExcludeBody) throw new Error('A prepared body can only replace a body the request signature does not cover.');
    const body = prepared ?? bodyBytes(request.body);
    await this.signer.signHttpRequest({ method: request.method, headers: request.headers, uri: url.href, body: request.body }, forceExcludeBody);

    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(url, { method: request.method, headers: headersOf(request, body?.byteLength), agent });
      outgoing.once('response', (message) => resolve(responseOf(message) as unknown as Response));
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  }
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  throw new Error('Unsupported request body: the function only sends string bodies.');
}
