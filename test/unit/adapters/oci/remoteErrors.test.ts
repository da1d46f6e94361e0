import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OciError } from 'oci-common';
import { isNetworkFailure, translateRemoteError } from '../../../../src/adapters/oci/remoteErrors';
import {
  NetworkFailureError,
  ObjectArchivedError,
  ObjectChangedError,
  ObjectGoneError,
  PermanentRemoteError,
  TransientRemoteError,
  UnusableEndpointError,
  type RemoteCallDetails,
} from '../../../../src/errors';
import { fateOf } from '../../../../src/failure/fate';

const REQUEST_ID = '0A1B2C3D4E5F60718293A4B5C6D7E8F9/ABCDEF';

/** A real SDK error, as the clients throw it for a non-2xx answer. */
function ociError(status: number, code: string, message = `${code} happened`, requestId: string | null = REQUEST_ID): OciError {
  return new OciError(
    status,
    code,
    message,
    requestId,
    'ObjectStorage',
    'GetObject',
    '2026-11-20T10:00:00.000Z',
    'https://objectstorage.us-ashburn-1.oraclecloud.com/n/examplens/b/uploads/o/hello.txt',
    'https://docs.oracle.com/iaas/api/#/en/objectstorage/20160918/Object/GetObject',
  );
}

function translated<T extends Error>(error: unknown, type: new (...args: any[]) => T, service: RemoteCallDetails['service'] = 'objectstorage'): T {
  const result = translateRemoteError(error, service, 'getObject');
  assert.ok(result instanceof type, `expected ${type.name}, got ${result.constructor.name}: ${result.message}`);
  return result;
}

describe('translateRemoteError', () => {
  describe('OciError from the SDK', () => {
    it('reads ObjectNotFound 404 on Object Storage as the object being gone (skipped)', () => {
      const original = ociError(404, 'ObjectNotFound');
      const error = translated(original, ObjectGoneError);
      assert.equal(error.cause, original);
      assert.equal(fateOf(error), 'skip');
    });

    for (const code of ['BucketNotFound', 'NamespaceNotFound', 'NotAuthorizedOrNotFound']) {
      it(`reads ${code} 404 as permanent, with a policy hint`, () => {
        const error = translated(ociError(404, code), PermanentRemoteError);
        assert.deepEqual(error.details, { service: 'objectstorage', operation: 'getObject', status: 404, code, opcRequestId: REQUEST_ID });
        assert.match(error.message, new RegExp(`^Object Storage getObject answered 404 ${code} \\(opc-request-id ${REQUEST_ID.replace('/', '\\/')}\\)`));
        assert.match(error.message, /policy allows the function's dynamic group to "read objects"/);
        assert.equal(fateOf(error), 'fail');
      });
    }

    it('does not read a 404 from Streaming as an object being gone', () => {
      const error = translated(ociError(404, 'NotAuthorizedOrNotFound'), PermanentRemoteError, 'streaming');
      assert.match(error.message, /^Streaming getObject answered 404/);
      assert.match(error.message, /OCI_STREAM_OCID/);
      assert.match(error.message, /"use stream-push"/);
      assert.ok(!(translateRemoteError(ociError(404, 'ObjectNotFound'), 'streaming', 'putMessages') instanceof ObjectGoneError));
    });

    it('reads 412 on Object Storage as the object having changed (skipped)', () => {
      const error = translated(ociError(412, 'IfMatchFailed'), ObjectChangedError);
      assert.equal(fateOf(error), 'skip');
    });

    for (const [status, code] of [
      [429, 'TooManyRequests'],
      [500, 'InternalServerError'],
      [502, 'BadGateway'],
      [503, 'ServiceUnavailable'],
      [504, 'GatewayTimeout'],
      [-1, 'RequestFailed'],
    ] as const) {
      for (const service of ['objectstorage', 'streaming'] as const) {
        it(`reads ${status} ${code} from ${service} as transient (retried)`, () => {
          const error = translated(ociError(status, code), TransientRemoteError, service);
          assert.equal(error.details.status, status);
          assert.equal(error.details.code, code);
          assert.equal(fateOf(error), 'retry');
        });
      }
    }

    it('says what to check on 401', () => {
      const error = translated(ociError(401, 'NotAuthenticated'), PermanentRemoteError);
      assert.match(error.message, /not authenticated/);
      assert.match(error.message, /dynamic group/);
    });

    it('says what to check on 403', () => {
      assert.match(translated(ociError(403, 'Forbidden'), PermanentRemoteError, 'streaming').message, /"use stream-push"/);
    });

    it('reads 409 NotRestored on Object Storage as the object being archived (not retried)', () => {
      const original = ociError(409, 'NotRestored');
      const error = translated(original, ObjectArchivedError);
      assert.equal(error.cause, original);
      assert.match(error.message, /Archive storage .* until it is restored/);
      assert.notEqual(fateOf(error), 'retry');
    });

    it('does not read a 409 NotRestored from Streaming as an archived object', () => {
      assert.ok(!(translateRemoteError(ociError(409, 'NotRestored'), 'streaming', 'putMessages') instanceof ObjectArchivedError));
    });

    it('keeps only the first line of other service messages', () => {
      const error = translated(ociError(400, 'InvalidParameter', 'The range is invalid\nstack and details'), PermanentRemoteError);
      assert.match(error.message, /answered 400 InvalidParameter .*: The range is invalid$/);
    });

    it('copes with a missing request id', () => {
      const error = translated(ociError(403, 'Forbidden', 'no', null), PermanentRemoteError);
      assert.match(error.message, /opc-request-id unknown/);
      assert.equal(error.details.opcRequestId, undefined);
    });
  });

  describe('network failures', () => {
    const cases: Array<[string, unknown]> = [
      ['a plain { code: ECONNRESET } object', { code: 'ECONNRESET', message: 'read ECONNRESET' }],
      ["fetch's TypeError('fetch failed')", new TypeError('fetch failed')],
      ['fetch failed caused by a reset socket', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })],
      ['an undici socket error', { code: 'UND_ERR_SOCKET', message: 'other side closed' }],
      ['an aborted request', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })],
      ['a socket hang up', new Error('socket hang up')],
      ['a terminated body', new TypeError('terminated')],
    ];
    for (const [what, thrown] of cases) {
      it(`reads ${what} as transient`, () => {
        assert.ok(isNetworkFailure(thrown));
        const error = translated(thrown, TransientRemoteError);
        assert.equal(error.message, 'Object Storage getObject failed: the connection failed or was reset.');
        assert.equal(error.cause, thrown);
        assert.equal(fateOf(error), 'retry');
      });
    }

    const endpoint = (host: string) => `POST https://${host}/20180418/streams/ocid1.stream.oc1..x/messages`;

    it('names a host that does not resolve, with the stream pool\'s DNS fix, and does not retry it', () => {
      const host = 'cell-1.streaming.example.invalid';
      const thrown = { code: 'ENOTFOUND', message: `getaddrinfo ENOTFOUND ${host}`, requestEndpoint: endpoint(host) };
      const error = translateRemoteError(thrown, 'streaming', 'putMessages');
      assert.ok(error instanceof UnusableEndpointError);
      assert.match(error.message, new RegExp(`^Streaming putMessages failed: the host name ${host.replaceAll('.', '\\.')} does not resolve \\(ENOTFOUND\\)`));
      assert.match(error.message, /OCI_STREAM_ENDPOINT/);
      assert.match(error.message, /messages endpoint FQDN/);
      assert.match(error.message, /DNS labels/);
      assert.deepEqual(error.network, { kind: 'name-not-found', host, code: 'ENOTFOUND' });
      assert.equal(error.details.host, host);
      assert.equal(fateOf(error), 'fail');
    });

    it('names a refused connection with its host, and retries it', () => {
      const thrown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', host: '127.0.0.1:9' });
      const error = translateRemoteError(thrown, 'objectstorage', 'getObject');
      assert.ok(error instanceof NetworkFailureError);
      assert.match(error.message, /^Object Storage getObject failed: 127\.0\.0\.1:9 refused the connection \(ECONNREFUSED\)/);
      assert.equal(fateOf(error), 'retry');
    });

    it('names a DNS resolver that did not answer, and retries it', () => {
      const error = translateRemoteError(Object.assign(new Error('getaddrinfo EAI_AGAIN h.example'), { code: 'EAI_AGAIN', host: 'h.example' }), 'objectstorage', 'getObject');
      assert.ok(error instanceof NetworkFailureError);
      assert.match(error.message, /the name of h\.example could not be looked up: the DNS resolver did not answer \(EAI_AGAIN\)/);
      assert.equal(fateOf(error), 'retry');
    });

    it('names a connection that was not made in time, with the routes and security rules to check', () => {
      const thrown = { code: 'FN_CONNECT_TIMEOUT', message: 'no connection and TLS handshake to s.example:443 within 5 s', requestEndpoint: endpoint('s.example') };
      const error = translateRemoteError(thrown, 'streaming', 'putMessages');
      assert.ok(error instanceof NetworkFailureError);
      assert.match(error.message, /^Streaming putMessages failed: no connection and TLS handshake to s\.example:443 within 5 s\. Check/);
      assert.match(error.message, /route table/);
      assert.match(error.message, /TCP 443/);
      assert.equal(error.network.kind, 'connect-timeout');
      assert.equal(fateOf(error), 'retry');
    });

    it('names a TLS failure with the certificate code, and does not retry it', () => {
      const thrown = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID', host: '10.0.0.5' });
      const error = translateRemoteError(thrown, 'streaming', 'putMessages');
      assert.ok(error instanceof UnusableEndpointError);
      assert.match(error.message, /the TLS handshake with 10\.0\.0\.5 failed \(ERR_TLS_CERT_ALTNAME_INVALID: Hostname\/IP does not match/);
      assert.match(error.message, /not its IP address/);
      assert.equal(fateOf(error), 'fail');
    });

    it('names a request abandoned for want of a response, and retries it', () => {
      const thrown = Object.assign(new Error('s.example sent no response within 10 s of the request'), { code: 'FN_NO_RESPONSE', host: 's.example' });
      const error = translateRemoteError(thrown, 'streaming', 'putMessages');
      assert.ok(error instanceof NetworkFailureError);
      assert.equal(error.message, 'Streaming putMessages was abandoned: s.example sent no response within 10 s of the request; the request was abandoned and its connection closed.');
      assert.equal(fateOf(error), 'retry');
    });

    it('reads a Streaming connection failure the same way', () => {
      const error = translateRemoteError({ code: 'ETIMEDOUT' }, 'streaming', 'putMessages');
      assert.ok(error instanceof TransientRemoteError);
      assert.equal(error.message, 'Streaming putMessages failed: the connection failed or was reset.');
      assert.deepEqual(error.details, { service: 'streaming', operation: 'putMessages' });
    });
  });

  describe('anything else', () => {
    it('returns the function\'s own errors as they are', () => {
      const own = new TransientRemoteError('Streaming putMessages timed out.', { service: 'streaming', operation: 'putMessages' });
      assert.equal(translateRemoteError(own, 'streaming', 'putMessages'), own);
    });

    it('returns a non-network Error unchanged (a bug, not a remote failure)', () => {
      const bug = new TypeError("Cannot read properties of undefined (reading 'value')");
      assert.equal(translateRemoteError(bug, 'objectstorage', 'getObject'), bug);
      assert.equal(fateOf(bug), 'fail');
    });

    it('wraps a thrown non-Error in an Error carrying its message', () => {
      const error = translateRemoteError({ message: 'odd failure' }, 'streaming', 'putMessages');
      assert.ok(error instanceof Error);
      assert.equal(error.message, 'odd failure');
      assert.equal(translateRemoteError('text thrown', 'streaming', 'putMessages').message, 'text thrown');
    });
  });
});
