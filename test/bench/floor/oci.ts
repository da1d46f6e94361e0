import { createSign, type KeyObject, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';

/**
 * The floor's whole OCI client: draft-cavage rsa-sha256 signatures over `x-date
 * (request-target) host` (what the service checks for GetObject and PutMessages) with the
 * resource principal's session key, sent with node:http over one keep-alive agent. Plain http
 * only: the floor runs against the emulator on loopback.
 */
export interface Session {
  keyId: string;
  key: KeyObject;
}

/** An absolute path names a file (as inside OCI Functions); anything else is the value itself. */
function valueOrFile(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set`);
  return value.startsWith('/') ? readFileSync(value, 'utf8').trim() : value;
}

export function resourcePrincipalSession(env: NodeJS.ProcessEnv): Session {
  return {
    keyId: `ST$${valueOrFile(env['OCI_RESOURCE_PRINCIPAL_RPST'], 'OCI_RESOURCE_PRINCIPAL_RPST')}`,
    key: createPrivateKey(valueOrFile(env['OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM'], 'OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM')),
  };
}

const agent = new Agent({ keepAlive: true });

export function signedRequest(
  session: Session,
  endpoint: URL,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<IncomingMessage> {
  const date = new Date().toUTCString();
  const signed = `x-date: ${date}\n(request-target): ${method.toLowerCase()} ${path}\nhost: ${endpoint.host}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(session.key, 'base64');
  const authorization = `Signature version="1",keyId="${session.keyId}",algorithm="rsa-sha256",headers="x-date (request-target) host",signature="${signature}"`;
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: endpoint.hostname, port: endpoint.port, method, path, headers: { ...headers, host: endpoint.host, 'x-date': date, authorization } },
      resolve,
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function readAll(res: IncomingMessage): Promise<string> {
  let text = '';
  res.setEncoding('utf8');
  for await (const piece of res) text += piece as string;
  return text;
}
