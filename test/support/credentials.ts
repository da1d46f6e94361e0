import { createHash, createPublicKey, createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throw-away credentials for the local world: a resource-principal session (key pair plus a
 * session token that carries the public key as a `jwk` claim, as OCI's RPST does) and an API key
 * (tenancy/user/fingerprint). The emulator verifies request signatures against these.
 */
export interface ApiKeyCredentials {
  tenancy: string;
  user: string;
  fingerprint: string;
  keyId: string;
  privateKeyPem: string;
  privateKeyPath: string;
  publicKeyPem: string;
}

export interface ResourcePrincipalCredentials {
  privateKeyPem: string;
  privateKeyPath: string;
  publicKeyPem: string;
  sessionToken: string;
  sessionTokenPath: string;
  region: string;
}

export interface TestCredentials {
  dir: string;
  issuerPublicKeyPem: string;
  resourcePrincipal: ResourcePrincipalCredentials;
  apiKey: ApiKeyCredentials;
}

const REGION = 'us-ashburn-1';

function newRsaKeyPair(modulusLength = 2048): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** OCI API-key fingerprints are the colon-separated MD5 of the DER public key. */
export function apiKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return (createHash('md5').update(der).digest('hex').match(/../g) ?? []).join(':');
}

export function signSessionToken(
  issuerPrivateKeyPem: string,
  sessionPublicKeyPem: string,
  lifetimeSeconds: number,
): string {
  const now = Math.floor(Date.now() / 1000);
  const jwk = createPublicKey(sessionPublicKeyPem).export({ format: 'jwk' });
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test-issuer' }));
  const payload = base64url(
    JSON.stringify({
      sub: 'ocid1.fnfunc.oc1.iad.aaaaaaaatestfunction',
      res_type: 'fnfunc',
      res_compartment: 'ocid1.compartment.oc1..aaaaaaaatestcompartment',
      ttype: 'res',
      iat: now,
      exp: now + lifetimeSeconds,
      jwk: JSON.stringify({ ...jwk, kid: 'session', alg: 'RS256', use: 'sig' }),
    }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(issuerPrivateKeyPem);
  return `${header}.${payload}.${base64url(signature)}`;
}

/**
 * `apiKeyBits` below OCI's 2048 only where thousands of requests are signed in one test: the
 * signatures are checked just the same, and signing costs a sixth.
 */
export function createTestCredentials(
  options: { tokenLifetimeSeconds?: number; apiKeyBits?: number; /** Default: the system's temporary folder. */ parent?: string } = {},
): TestCredentials {
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), 'fn-streaming-creds-'));
  const issuer = newRsaKeyPair();
  const session = newRsaKeyPair();
  const api = newRsaKeyPair(options.apiKeyBits);

  const sessionToken = signSessionToken(
    issuer.privateKeyPem,
    session.publicKeyPem,
    options.tokenLifetimeSeconds ?? 3600,
  );
  const sessionTokenPath = join(dir, 'rpst');
  const sessionKeyPath = join(dir, 'rp-private.pem');
  const apiKeyPath = join(dir, 'api-private.pem');
  writeFileSync(sessionTokenPath, sessionToken, { mode: 0o600 });
  writeFileSync(sessionKeyPath, session.privateKeyPem, { mode: 0o600 });
  writeFileSync(apiKeyPath, api.privateKeyPem, { mode: 0o600 });

  const tenancy = 'ocid1.tenancy.oc1..aaaaaaaatesttenancy';
  const user = 'ocid1.user.oc1..aaaaaaaatestuser';
  const fingerprint = apiKeyFingerprint(api.publicKeyPem);
  return {
    dir,
    issuerPublicKeyPem: issuer.publicKeyPem,
    resourcePrincipal: {
      privateKeyPem: session.privateKeyPem,
      privateKeyPath: sessionKeyPath,
      publicKeyPem: session.publicKeyPem,
      sessionToken,
      sessionTokenPath,
      region: REGION,
    },
    apiKey: {
      tenancy,
      user,
      fingerprint,
      keyId: `${tenancy}/${user}/${fingerprint}`,
      privateKeyPem: api.privateKeyPem,
      privateKeyPath: apiKeyPath,
      publicKeyPem: api.publicKeyPem,
    },
  };
}

/** The environment OCI Functions gives a function for resource-principal auth (RPST v2.2). */
export function resourcePrincipalEnv(credentials: TestCredentials): Record<string, string> {
  const rp = credentials.resourcePrincipal;
  return {
    OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
    OCI_RESOURCE_PRINCIPAL_RPST: rp.sessionTokenPath,
    OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: rp.privateKeyPath,
    OCI_RESOURCE_PRINCIPAL_REGION: rp.region,
  };
}

/** The original sample's API-key variables, for local runs outside OCI Functions. */
export function apiKeyEnv(credentials: TestCredentials): Record<string, string> {
  const key = credentials.apiKey;
  return {
    OCI_TENANCY_OCID: key.tenancy,
    OCI_USER_OCID: key.user,
    OCI_FINGERPRINT: key.fingerprint,
    OCI_PRIVATE_KEY_FILE: key.privateKeyPath,
    OCI_REGION: REGION,
  };
}
