import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHandler } from '../../../src/app/buildHandler';
import { AuthenticationSetupError, ConfigurationError, InvalidEventError } from '../../../src/errors';
import { apiKeyEnv, createTestCredentials } from '../../support/credentials';

const VALID = {
  OCI_STREAM_OCID: 'ocid1.stream.oc1.iad.amaaaaaaexamplestream0000000000000000000000000000000000',
  OCI_STREAM_ENDPOINT: 'http://127.0.0.1:9',
};

function build(env: Record<string, string>) {
  const lines: string[] = [];
  const { handler } = buildHandler(env, (line) => lines.push(line));
  return { handler, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

describe('buildHandler', () => {
  const credentials = createTestCredentials();

  it('answers every invocation with all configuration problems instead of stopping', async () => {
    const { handler, records } = build({ OCI_STREAM_ENDPOINT: 'http://streaming.example.com', MAX_MESSAGE_BYTES: 'lots' });
    for (const callId of ['c1', 'c2', 'c3']) {
      await assert.rejects(handler(Buffer.from('{}'), { callId }), (error) => {
        assert.ok(error instanceof ConfigurationError);
        assert.deepEqual(
          error.problems.map((problem) => problem.split(':')[0]),
          ['OCI_STREAM_OCID', 'OCI_STREAM_ENDPOINT', 'MAX_MESSAGE_BYTES'],
        );
        return true;
      });
    }
    const logged = records();
    assert.equal(logged[0]!['message'], 'invalid configuration');
    assert.equal(logged[0]!['problems'].length, 3);
    assert.deepEqual(
      logged.slice(1).map((record) => record['callId']),
      ['c1', 'c2', 'c3'],
      'one line per refused invocation',
    );
  });

  it('answers every invocation with the credential problem', async () => {
    const { handler } = build({ ...VALID, OCI_AUTH: 'api_key' });
    await assert.rejects(handler(Buffer.from('{}'), { callId: 'c1' }), AuthenticationSetupError);
    await assert.rejects(handler(Buffer.from('{}'), { callId: 'c2' }), /API-key authentication needs OCI_TENANCY_OCID/);
  });

  it('builds a working handler with API-key credentials, warning that every bucket is allowed', async () => {
    const { handler, records } = build({ ...VALID, ...apiKeyEnv(credentials) });
    assert.ok(records().some((record) => record['level'] === 'warn' && /ALLOWED_BUCKETS is not set/.test(record['message'])));
    await assert.rejects(handler(Buffer.from('not json'), { callId: 'c1' }), InvalidEventError);
    assert.equal(records().at(-1)!['message'], 'event failed');
  });

  it('does not warn when ALLOWED_BUCKETS is set', () => {
    const { records } = build({ ...VALID, ...apiKeyEnv(credentials), ALLOWED_BUCKETS: 'uploads' });
    assert.ok(!records().some((record) => /ALLOWED_BUCKETS/.test(record['message'])));
  });
});
