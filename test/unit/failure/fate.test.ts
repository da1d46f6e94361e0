import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthenticationSetupError,
  BucketNotAllowedError,
  ConfigurationError,
  DeadlineExceededError,
  DeliveryIncompleteError,
  InvalidEventError,
  ObjectChangedError,
  ObjectGoneError,
  ObjectReadError,
  PermanentRemoteError,
  TransientRemoteError,
  UnexpectedError,
  UnusableEndpointError,
} from '../../../src/errors';
import { failsEveryEvent, fateOf, toCallerError, type Fate } from '../../../src/failure/fate';

const remote = { service: 'objectstorage', operation: 'getObject' } as const;

describe('fateOf', () => {
  const cases: Array<[string, unknown, Fate]> = [
    ['a transient remote error', new TransientRemoteError('503', remote), 'retry'],
    ['an object gone', new ObjectGoneError('gone'), 'skip'],
    ['an object changed', new ObjectChangedError('changed'), 'skip'],
    ['a permanent remote error', new PermanentRemoteError('403', remote), 'fail'],
    ['a deadline exceeded', new DeadlineExceededError('late'), 'fail'],
    ['an invalid event', new InvalidEventError('bad'), 'fail'],
    ['a refused bucket', new BucketNotAllowedError('no'), 'fail'],
    ['a bad configuration', new ConfigurationError(['X: bad']), 'fail'],
    ['an incomplete delivery', new DeliveryIncompleteError('half'), 'fail'],
    ['an object read error', new ObjectReadError('short'), 'fail'],
    ['a bug', new TypeError('x is not a function'), 'fail'],
    ['a thrown string', 'boom', 'fail'],
    ['undefined', undefined, 'fail'],
    ['an object shaped like a transient error', { name: 'TransientRemoteError', message: '503' }, 'fail'],
  ];
  for (const [what, error, fate] of cases) {
    it(`${fate}s ${what}`, () => {
      assert.equal(fateOf(error), fate);
    });
  }
});

describe('toCallerError', () => {
  for (const error of [
    new InvalidEventError('Expected an OCI Object Storage object event'),
    new BucketNotAllowedError('Bucket "ns/b" is not in ALLOWED_BUCKETS'),
    new ConfigurationError(['OCI_STREAM_OCID: is required']),
    new AuthenticationSetupError('no credentials'),
    new PermanentRemoteError('Object Storage getObject answered 403', remote),
    new DeliveryIncompleteError('Chunked delivery stopped'),
    new ObjectGoneError('gone'),
  ]) {
    it(`passes our own ${error.name} through unchanged`, () => {
      assert.equal(toCallerError(error, 'call-1'), error);
    });
  }

  for (const error of [new DeadlineExceededError('Publishing did not succeed in time'), new TransientRemoteError('Streaming putMessages answered 503', remote)]) {
    it(`keeps a ${error.name} as what the caller reads, naming the failure`, () => {
      const shown = toCallerError(error, 'call-1');
      assert.ok(shown instanceof error.constructor);
      assert.ok(shown.message.startsWith(error.message), shown.message);
    });
  }

  for (const [what, thrown] of [
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'eTag') at /function/dist/func.js:1:2345")],
    ['an Error with a secret-looking message', new Error('ENOENT: /etc/oci/private-key.pem')],
    ['a thrown string', 'internal state: token=abc123'],
    ['undefined', undefined],
  ] as const) {
    it(`hides the internals of ${what} behind an UnexpectedError pointing at the log`, () => {
      const shown = toCallerError(thrown, '01HXYZCALLID');
      assert.ok(shown instanceof UnexpectedError);
      assert.equal(shown.message, 'Internal error while handling the event; see the function log for call 01HXYZCALLID.');
      assert.equal(shown.cause, thrown, 'the original is kept for the log');
      assert.equal(shown.name, 'UnexpectedError');
    });
  }
});

describe('failsEveryEvent', () => {
  it('holds for an endpoint whose name does not resolve: every event would meet it', () => {
    const error = new UnusableEndpointError('the host name s.invalid does not resolve (ENOTFOUND).', { service: 'streaming', operation: 'putMessages', host: 's.invalid' }, {
      kind: 'name-not-found',
      host: 's.invalid',
      code: 'ENOTFOUND',
    });
    assert.equal(failsEveryEvent(error), true);
    assert.equal(fateOf(error), 'fail');
  });

  it('does not hold for a connection refused once: it may pass', () => {
    assert.equal(failsEveryEvent(new TransientRemoteError('refused', remote)), false);
  });
});
