import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OciError } from 'oci-common';
import { isNetworkFailure, translateRemoteError } from '../../../../src/adapters/oci/remoteErrors';
import {
  ObjectArchivedError,
  ObjectChangedError,
  ObjectGoneError,
  PermanentRemoteError,
  TransientRemoteError,
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
      ['a plain { code: ECONNREFUSED } object', { code: 'ECONNREFUSED' }],
      ['an EAI_AGAIN DNS failure', Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' })],
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

    it('reads a Streaming connection failure the same way', () => {
      const error = translateRemoteError({ code: 'ETIMEDOUT' }, 'streaming', 'putMessages');
      assert.ok(error instanceof TransientRemoteError);
      assert.equal(error.message, 'Streaming putMessages failed: the connection failed or was reset.');
      assert.deepEqual(error.details, { service: 'streaming', operation: 'putMessages' });
    });
  });

  describe('anything else', () => {
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
