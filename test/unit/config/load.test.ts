import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/schema';
import { ConfigurationError } from '../../../src/errors';

const STREAM_OCID = 'ocid1.stream.oc1.iad.amaaaaaaexamplestream0000000000000000000000000000000000';
const REQUIRED = {
  OCI_STREAM_OCID: STREAM_OCID,
  OCI_STREAM_ENDPOINT: 'https://cell-1.streaming.us-ashburn-1.oci.oraclecloud.com',
};

function configOf(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) assert.fail(`configuration refused: ${result.error.message}`);
  return result.config;
}

function problemsOf(env: Record<string, string | undefined>): ConfigurationError {
  const result = loadConfig(env);
  if (result.ok) assert.fail(`configuration accepted: ${JSON.stringify(result.config)}`);
  assert.ok(result.error instanceof ConfigurationError);
  return result.error;
}

/** The single problem one bad setting causes, which must name the setting. */
function problemWith(name: string, value: string): string {
  const error = problemsOf({ ...REQUIRED, [name]: value });
  assert.equal(error.problems.length, 1, error.message);
  const problem = error.problems[0]!;
  assert.ok(problem.startsWith(`${name}: `), problem);
  return problem;
}

describe('loadConfig', () => {
  it('fills every default when only the required settings are given', () => {
    assert.deepEqual(configOf(REQUIRED), {
      streamId: STREAM_OCID,
      streamEndpoint: REQUIRED.OCI_STREAM_ENDPOINT,
      objectStorageEndpoint: undefined,
      allowedBuckets: [],
      maxMessageBytes: 1_000_000,
      maxObjectBytes: 67_108_864,
      publishBytesPerSecond: 1_000_000,
      referenceUrlTtlSeconds: 0,
      logLevel: 'info',
      authMode: undefined,
    });
  });

  it('reads every setting and ignores unrelated variables', () => {
    const config = configOf({
      ...REQUIRED,
      OCI_OBJECTSTORAGE_ENDPOINT: 'https://objectstorage.us-ashburn-1.oraclecloud.com/',
      ALLOWED_BUCKETS: 'uploads',
      MAX_MESSAGE_BYTES: '500000',
      MAX_OBJECT_BYTES: '1048576',
      PUBLISH_BYTES_PER_SECOND: '250000',
      REFERENCE_URL_TTL_SECONDS: '3600',
      LOG_LEVEL: 'debug',
      OCI_AUTH: 'config_file',
      PATH: '/usr/bin',
      FN_FORMAT: 'http-stream',
    });
    assert.equal(config.objectStorageEndpoint, 'https://objectstorage.us-ashburn-1.oraclecloud.com');
    assert.deepEqual(config.allowedBuckets, ['uploads']);
    assert.equal(config.maxMessageBytes, 500_000);
    assert.equal(config.maxObjectBytes, 1_048_576);
    assert.equal(config.publishBytesPerSecond, 250_000);
    assert.equal(config.referenceUrlTtlSeconds, 3600);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.authMode, 'config_file');
  });

  it('treats blank values as unset', () => {
    const config = configOf({ ...REQUIRED, MAX_MESSAGE_BYTES: '', LOG_LEVEL: '   ', ALLOWED_BUCKETS: ' ', OCI_AUTH: undefined });
    assert.equal(config.maxMessageBytes, 1_000_000);
    assert.equal(config.logLevel, 'info');
    assert.deepEqual(config.allowedBuckets, []);
    assert.equal(config.authMode, undefined);
  });

  it('names each missing required setting', () => {
    const error = problemsOf({ OCI_STREAM_OCID: '  ' });
    assert.deepEqual(error.problems, ['OCI_STREAM_OCID: is required', 'OCI_STREAM_ENDPOINT: is required']);
  });

  it('lists every bad setting together, in one error', () => {
    const error = problemsOf({
      OCI_STREAM_OCID: 'ocid1.bucket.oc1.iad.aaaa',
      OCI_STREAM_ENDPOINT: 'http://streaming.example.com',
      OCI_OBJECTSTORAGE_ENDPOINT: 'not a url',
      ALLOWED_BUCKETS: 'a/b/c',
      MAX_MESSAGE_BYTES: '2000000',
      MAX_OBJECT_BYTES: 'lots',
      PUBLISH_BYTES_PER_SECOND: '10',
      REFERENCE_URL_TTL_SECONDS: '-5',
      LOG_LEVEL: 'verbose',
      OCI_AUTH: 'password',
    });
    const named = error.problems.map((problem) => problem.slice(0, problem.indexOf(':')));
    const all = [
      'OCI_STREAM_OCID',
      'OCI_STREAM_ENDPOINT',
      'OCI_OBJECTSTORAGE_ENDPOINT',
      'ALLOWED_BUCKETS',
      'MAX_MESSAGE_BYTES',
      'MAX_OBJECT_BYTES',
      'PUBLISH_BYTES_PER_SECOND',
      'REFERENCE_URL_TTL_SECONDS',
      'LOG_LEVEL',
      'OCI_AUTH',
    ];
    assert.deepEqual([...new Set(named)].sort(), [...all].sort());
    for (const name of all) assert.ok(error.message.includes(name), `${name} missing from: ${error.message}`);
    assert.match(error.message, /^Invalid function configuration: .*Fix the function or application config/);
  });

  describe('endpoints', () => {
    const accepted: Array<[string, string]> = [
      ['https://cell-1.streaming.us-ashburn-1.oci.oraclecloud.com', 'https://cell-1.streaming.us-ashburn-1.oci.oraclecloud.com'],
      ['https://10.0.0.5:8443/', 'https://10.0.0.5:8443'],
      ['http://localhost:8080', 'http://localhost:8080'],
      ['http://LOCALHOST:8080/', 'http://LOCALHOST:8080'],
      ['http://127.0.0.1:9000//', 'http://127.0.0.1:9000'],
      ['http://127.45.6.7', 'http://127.45.6.7'],
      ['http://[::1]:9000', 'http://[::1]:9000'],
      ['  http://127.0.0.1:1  ', 'http://127.0.0.1:1'],
    ];
    const refused = [
      'http://cell-1.streaming.us-ashburn-1.oci.oraclecloud.com',
      'http://10.0.0.5:8080',
      'http://128.0.0.1',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
      'http://[::2]:9000',
      'http://0.0.0.0:8080',
      'ftp://localhost',
      'cell-1.streaming.us-ashburn-1.oci.oraclecloud.com',
      'not a url',
    ];
    for (const name of ['OCI_STREAM_ENDPOINT', 'OCI_OBJECTSTORAGE_ENDPOINT']) {
      for (const [value, kept] of accepted) {
        it(`${name} accepts ${JSON.stringify(value)}`, () => {
          const config = configOf({ ...REQUIRED, [name]: value });
          assert.equal(name === 'OCI_STREAM_ENDPOINT' ? config.streamEndpoint : config.objectStorageEndpoint, kept);
        });
      }
      for (const value of refused) {
        it(`${name} refuses ${JSON.stringify(value)}`, () => {
          assert.match(problemWith(name, value), /must (use https|be an http\(s\) URL)/);
        });
      }
    }

    it('explains that http is only for loopback hosts', () => {
      assert.equal(
        problemWith('OCI_STREAM_ENDPOINT', 'http://streams.internal'),
        'OCI_STREAM_ENDPOINT: must use https (http is accepted only for localhost, 127.0.0.0/8 and [::1])',
      );
    });
  });

  describe('ALLOWED_BUCKETS', () => {
    const cases: Array<[string, string[]]> = [
      ['uploads', ['uploads']],
      [' uploads , examplens/reports ,, ,archive ', ['uploads', 'examplens/reports', 'archive']],
      [',,uploads,', ['uploads']],
      ['Uploads,uploads', ['Uploads', 'uploads']],
    ];
    for (const [value, expected] of cases) {
      it(`reads ${JSON.stringify(value)}`, () => {
        assert.deepEqual(configOf({ ...REQUIRED, ALLOWED_BUCKETS: value }).allowedBuckets, expected);
      });
    }
    for (const value of ['ns/bucket/extra', 'ns/', '/bucket', 'up loads', 'uploads, ns//b']) {
      it(`refuses ${JSON.stringify(value)}`, () => {
        assert.match(problemWith('ALLOWED_BUCKETS', value), /entries must be `bucket` or `namespace\/bucket`/);
      });
    }
    // Unset or blank allows every bucket (see the defaults above); commas alone are a typo, not that.
    for (const value of [' , , ', ',', ',,,']) {
      it(`refuses ${JSON.stringify(value)}, which names no bucket`, () => {
        assert.equal(problemWith('ALLOWED_BUCKETS', value), 'ALLOWED_BUCKETS: names no bucket (leave it unset to allow every bucket)');
      });
    }
  });

  describe('numbers', () => {
    const ranges: Array<[string, keyof Config, number, number]> = [
      ['MAX_MESSAGE_BYTES', 'maxMessageBytes', 4_096, 1_048_576],
      ['PUBLISH_BYTES_PER_SECOND', 'publishBytesPerSecond', 1_024, Number.MAX_SAFE_INTEGER],
      ['REFERENCE_URL_TTL_SECONDS', 'referenceUrlTtlSeconds', 0, 604_800],
      ['MAX_OBJECT_BYTES', 'maxObjectBytes', 0, Number.MAX_SAFE_INTEGER],
    ];
    for (const [name, field, min, max] of ranges) {
      it(`${name} accepts ${min}..${max} and refuses values outside`, () => {
        assert.equal(configOf({ ...REQUIRED, [name]: String(min) })[field], min);
        assert.equal(configOf({ ...REQUIRED, [name]: ` ${max} ` })[field], max);
        if (min > 0) assert.equal(problemWith(name, String(min - 1)), `${name}: must be at least ${min}`);
        if (max < Number.MAX_SAFE_INTEGER) {
          assert.equal(problemWith(name, String(max + 1)), `${name}: must be at most ${max}`);
        } else {
          const error = problemsOf({ ...REQUIRED, [name]: '9'.repeat(20) });
          assert.ok(error.problems.every((problem) => problem.startsWith(`${name}: `)), error.message);
          assert.ok(error.problems.includes(`${name}: must be at most ${max}`), error.message);
        }
      });
    }
    for (const value of ['-1', '1.5', '1e6', '0x100', '10 000', 'abc', '1_000']) {
      it(`refuses MAX_MESSAGE_BYTES=${JSON.stringify(value)} as not a whole number`, () => {
        assert.equal(problemWith('MAX_MESSAGE_BYTES', value), 'MAX_MESSAGE_BYTES: must be a whole number of bytes or seconds');
      });
    }
  });

  describe('other settings', () => {
    it('accepts each log level and auth mode', () => {
      for (const level of ['debug', 'info', 'warn', 'error'] as const) assert.equal(configOf({ ...REQUIRED, LOG_LEVEL: level }).logLevel, level);
      for (const mode of ['resource_principal', 'api_key', 'config_file'] as const) {
        assert.equal(configOf({ ...REQUIRED, OCI_AUTH: mode }).authMode, mode);
      }
    });

    it('refuses unknown values, listing the choices', () => {
      assert.equal(problemWith('LOG_LEVEL', 'INFO'), 'LOG_LEVEL: must be one of debug, info, warn, error');
      assert.equal(problemWith('OCI_AUTH', 'instance_principal'), 'OCI_AUTH: must be one of resource_principal, api_key, config_file');
    });

    it('checks that OCI_STREAM_OCID is a stream OCID', () => {
      assert.equal(configOf({ ...REQUIRED, OCI_STREAM_OCID: ` ${STREAM_OCID} ` }).streamId, STREAM_OCID);
      for (const value of ['ocid1.bucket.oc1.iad.aaaa', 'my-stream', 'ocid1.stream.oc1']) {
        assert.match(problemWith('OCI_STREAM_OCID', value), /must be a stream OCID/);
      }
    });
  });
});
