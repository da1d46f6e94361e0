import { createHash, createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import * as common from 'oci-common';

/** Turns the provider's PEM text into a key Node signs with; parsed once per key, not per request. */
export type KeyParser = (pem: string, passphrase: string | null) => KeyObject;

const parsePem: KeyParser = (pem, passphrase) => createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });

/**
 * What OCI's request signature covers, named as the SDK's DefaultRequestSigner names them in the
 * signature's `headers` list (draft-cavage HTTP signatures; the signed text uses lower case).
 */
const SIGNED_HEADERS = ['x-date', '(request-target)', 'host'];
const SIGNED_BODY_HEADERS = ['Content-Type', 'Content-Length', 'x-content-sha256'];
const METHODS_WITH_SIGNED_BODY = new Set(['POST', 'PUT', 'PATCH']);

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  throw new Error('Unsupported request body for signing: the function only signs string bodies.');
}

/**
 * Signs requests as the SDK's own signer does, byte for byte, through what the authentication
 * provider exposes publicly (its key id and private key), on node:crypto. The key is parsed once
 * and kept as a KeyObject until the provider hands over a different one (a rotated
 * resource-principal key), where the SDK re-parses it twice per request (about 1 ms each for a
 * 2048-bit key).
 *
 * Providers that stand for another one (a config file naming instance principals or a delegation
 * token) keep the SDK's signer: the function does not run with them.
 */
export function createRequestSigner(provider: common.AuthenticationDetailsProvider, parseKey: KeyParser = parsePem): common.RequestSigner {
  if (provider.getAuthType?.() || provider.getProvider?.()) return new common.DefaultRequestSigner(provider);
  let parsed: { pem: string; key: KeyObject } | undefined;
  const keyFor = (pem: string): KeyObject => {
    if (parsed?.pem !== pem) {
      const key = parseKey(pem, provider.getPassphrase());
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`The OCI private key is a ${key.asymmetricKeyType ?? 'non-RSA'} key; OCI request signing needs an RSA key.`);
      parsed = { pem, key };
    }
    return parsed.key;
  };

  return {
    async signHttpRequest(request: common.HttpRequest, forceExcludeBody = false): Promise<void> {
      const { headers } = request;
      const url = new URL(request.uri);
      if (!headers.has('host')) headers.set('host', url.host);
      if (!headers.has('x-date')) headers.set('x-date', new Date().toUTCString());
      const names = [...SIGNED_HEADERS];
      if (!forceExcludeBody && METHODS_WITH_SIGNED_BODY.has(request.method.toUpperCase())) {
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        const text = bodyText(request.body);
        headers.set('x-content-sha256', createHash('sha256').update(text, 'utf8').digest('base64'));
        if (!headers.has('content-length')) headers.set('content-length', String(Buffer.byteLength(text, 'utf8')));
        names.push(...SIGNED_BODY_HEADERS);
      }
      const keyId = await provider.getKeyId();
      const key = keyFor(provider.getPrivateKey());
      const signing = names
        .map((name) => {
          if (name === '(request-target)') return `(request-target): ${request.method.toLowerCase()} ${url.pathname}${url.search}`;
          const value = headers.get(name);
          if (value === null || value === '') throw new Error(`Cannot sign the request: its ${name} header is missing.`);
          return `${name.toLowerCase()}: ${value}`;
        })
        .join('\n');
      const signature = createSign('RSA-SHA256').update(signing).sign(key, 'base64');
      // http-signature, under the SDK's signer, adds a Date header when there is none.
      if (!headers.get('date')) headers.set('date', new Date().toUTCString());
      headers.set('authorization', `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`);
    },
  };
}
