import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * One call the way the Fn agent makes it: `POST /call` over the function's unix socket with
 * Fn-Call-Id, Fn-Deadline (RFC 3339 with milliseconds, UTC) and Content-Type, plus any headers.
 * The answer is buffered whole.
 */
export interface InvokeOptions {
  deadlineMs?: number;
  callId?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

export interface InvokeResult {
  status: number;
  rawBody: string;
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
  durationMs: number;
}

export function postCall(
  socketPath: string,
  body: Buffer | string | object,
  options: InvokeOptions = {},
): Promise<InvokeResult> {
  const payload = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = {
    'Fn-Call-Id': options.callId ?? randomUUID(),
    'Fn-Deadline': new Date(Date.now() + (options.deadlineMs ?? 30_000)).toISOString(),
    'Content-Type': options.contentType ?? 'application/json',
    'Content-Length': String(payload.length),
    // Later keys win (node's header map is case-insensitive), so callers can override the above.
    ...options.headers,
  };

  return new Promise<InvokeResult>((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { socketPath, method: 'POST', path: '/call', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const rawBody = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            rawBody,
            json: parseJson(rawBody),
            headers: { ...res.headers },
            durationMs: performance.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
