import { createHash, createVerify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { headerValue } from './http-util';
import { KeyResolutionError, type KeyResolver } from './keys';

const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface SignatureCheck {
  keyId?: string;
  valid: boolean;
  /** Why the request is not authenticated; set when `valid` is false. */
  reason?: string;
}

interface ParsedAuthorization {
  keyId: string;
  algorithm: string;
  headers: string[];
  signature: string;
}

export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const match = /^Signature\s+(.*)$/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  const params = new Map<string, string>();
  for (const [, name, v] of match[1].matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    if (name !== undefined && v !== undefined) params.set(name, v);
  }
  const keyId = params.get('keyId');
  const signature = params.get('signature');
  if (!keyId || !signature) return undefined;
  return {
    keyId,
    signature,
    algorithm: params.get('algorithm') ?? 'rsa-sha256',
    // draft-cavage: an absent headers parameter means only `date` was signed.
    headers: (params.get('headers') ?? 'date').toLowerCase().split(/\s+/).filter(Boolean),
  };
}

/** The draft-cavage signing string, rebuilt from the request exactly as it arrived. */
export function signingString(req: IncomingMessage, headers: string[]): string {
  return headers
    .map((name) => {
      if (name === '(request-target)') return `(request-target): ${(req.method ?? '').toLowerCase()} ${req.url ?? ''}`;
      const value = headerValue(req, name);
      if (value === undefined) throw new Error(`signed header ${name} is missing from the request`);
      return `${name}: ${value}`;
    })
    .join('\n');
}

export function verifyRequest(req: IncomingMessage, body: Buffer, keys: KeyResolver, now = new Date()): SignatureCheck {
  const authorization = headerValue(req, 'authorization');
  if (!authorization) return { valid: false, reason: 'The request has no Authorization header' };
  const parsed = parseAuthorization(authorization);
  if (!parsed) return { valid: false, reason: 'The Authorization header is not an HTTP signature' };
  const result = (reason?: string): SignatureCheck =>
    reason === undefined ? { keyId: parsed.keyId, valid: true } : { keyId: parsed.keyId, valid: false, reason };

  if (parsed.algorithm.toLowerCase() !== 'rsa-sha256') return result(`Unsupported algorithm ${parsed.algorithm}`);
  const signed = new Set(parsed.headers);
  for (const required of ['(request-target)', 'host']) {
    if (!signed.has(required)) return result(`The signature must cover ${required}`);
  }
  const dateHeader = signed.has('x-date') ? 'x-date' : signed.has('date') ? 'date' : undefined;
  if (!dateHeader) return result('The signature must cover date or x-date');

  let text: string;
  try {
    text = signingString(req, parsed.headers);
  } catch (error) {
    return result(`The ${(error as Error).message}`);
  }
  let verified: boolean;
  try {
    const key = keys.resolve(parsed.keyId, now);
    verified = createVerify('RSA-SHA256').update(text).verify(key, Buffer.from(parsed.signature, 'base64'));
  } catch (error) {
    if (error instanceof KeyResolutionError) return result(error.message);
    return result('The signature could not be verified');
  }
  if (!verified) return result('The signature does not match the request');

  const date = Date.parse(headerValue(req, dateHeader) ?? '');
  if (Number.isNaN(date)) return result(`The ${dateHeader} header is not a date`);
  if (Math.abs(now.getTime() - date) > MAX_CLOCK_SKEW_MS) {
    return result(`The ${dateHeader} header is more than 5 minutes from the server's clock`);
  }
  if (signed.has('x-content-sha256')) {
    const digest = createHash('sha256').update(body).digest('base64');
    if (headerValue(req, 'x-content-sha256') !== digest) return result('x-content-sha256 does not match the body');
  }
  if (signed.has('content-length') && headerValue(req, 'content-length') !== String(body.length)) {
    return result('content-length does not match the body');
  }
  return result();
}
