import { createPublicKey, createVerify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** Why a keyId could not be turned into a public key; the message goes into the 401 body. */
export class KeyResolutionError extends Error {}

export interface KeyResolverOptions {
  trustedIssuerPublicKeyPem?: string;
  trustedApiKeys?: Array<{ keyId: string; publicKeyPem: string }>;
}

/**
 * Maps a signature's keyId to the public key that must verify it: `ST$<jwt>` carries its own
 * session key in the `jwk` claim (as OCI's RPST does); anything else must be a configured API key.
 */
export class KeyResolver {
  private readonly apiKeys = new Map<string, KeyObject>();
  private readonly issuerKey: KeyObject | undefined;

  constructor(options: KeyResolverOptions) {
    for (const key of options.trustedApiKeys ?? []) {
      this.apiKeys.set(key.keyId, createPublicKey(key.publicKeyPem));
    }
    this.issuerKey = options.trustedIssuerPublicKeyPem
      ? createPublicKey(options.trustedIssuerPublicKeyPem)
      : undefined;
  }

  resolve(keyId: string, now: Date = new Date()): KeyObject {
    if (keyId.startsWith('ST$')) return this.resolveSessionToken(keyId.slice(3), now);
    const key = this.apiKeys.get(keyId);
    if (!key) throw new KeyResolutionError(`Unknown API key ${keyId}`);
    return key;
  }

  private resolveSessionToken(token: string, now: Date): KeyObject {
    const parts = token.split('.');
    const [header, payload, signature] = parts;
    if (parts.length !== 3 || !header || !payload || !signature) {
      throw new KeyResolutionError('The session token is not a JWT');
    }
    const claims = decodeClaims(payload);
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) {
      throw new KeyResolutionError('The session token has expired');
    }
    if (this.issuerKey) {
      const valid = createVerify('RSA-SHA256')
        .update(`${header}.${payload}`)
        .verify(this.issuerKey, Buffer.from(signature, 'base64url'));
      if (!valid) throw new KeyResolutionError('The session token was not issued by the trusted issuer');
    }
    if (typeof claims.jwk !== 'string') throw new KeyResolutionError('The session token has no jwk claim');
    try {
      return createPublicKey({ key: JSON.parse(claims.jwk) as JsonWebKey, format: 'jwk' });
    } catch {
      throw new KeyResolutionError('The session token jwk claim is not a valid public key');
    }
  }
}

function decodeClaims(payload: string): Record<string, unknown> {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null) return claims as Record<string, unknown>;
  } catch {
    // fall through to the common error
  }
  throw new KeyResolutionError('The session token payload is not JSON');
}

/** Records must never hold a usable token: keep a short prefix for telling sessions apart. */
export function redactKeyId(keyId: string): string {
  return keyId.startsWith('ST$') ? `ST$${keyId.slice(3, 13)}…` : keyId;
}
